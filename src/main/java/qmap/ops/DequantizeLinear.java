package qmap.ops;

import qmap.ir.DType;
import qmap.ir.Node;
import qmap.ir.Tensor;
import qmap.ir.TensorType;

/**
 * DequantizeLinear: y = (x - x_zero_point) * x_scale with per-tensor, per-axis or blocked
 * scales ({@link ScaleLayout}). The output has the scale's type unless {@code output_dtype}
 * says otherwise. Float8 inputs take no zero point but zero; float4 ignores it, as the ONNX
 * reference does.
 */
public final class DequantizeLinear implements Operator {
    @Override
    public Tensor[] run(Node node, Tensor[] in) {
        Tensor x = in[0];
        Tensor scale = in[1];
        Tensor zeroPoint = in.length > 2 ? in[2] : null;
        DType out = outputType(node, scale.dtype());
        ScaleLayout scales = ScaleLayout.of(node, "x_scale", x.shape(), scale.shape());
        boolean floatInput = x.dtype().storage() == DType.Storage.FLOAT;
        if (zeroPoint != null && floatInput) {
            requireZero(zeroPoint, x.dtype());
            zeroPoint = null;
        }
        if (zeroPoint != null && zeroPoint.dtype() != x.dtype()) {
            throw new IllegalArgumentException("x_zero_point is " + zeroPoint.dtype().onnxName() + ", x is "
                    + x.dtype().onnxName() + ": they must have the same type");
        }
        ScaleLayout zeros = zeroPoint == null ? null : ScaleLayout.of(node, "x_zero_point", x.shape(), zeroPoint.shape());
        int n = x.size();
        float[] y = new float[n];
        for (int i = 0; i < n; i++) {
            // x becomes float32 before the zero point is subtracted (exact for up to 16 bits)
            double centered = (float) x.getDouble(i) - (zeroPoint == null ? 0 : zeroPoint.longs()[zeros.index(i)]);
            // the product is float32 and then rounded into a narrower output type by Tensor.of
            y[i] = (float) (centered * scale.getDouble(scales.index(i)));
        }
        return new Tensor[] {Tensor.of(out, x.shape(), y)};
    }

    @Override
    public TensorType[] infer(Node node, TensorType[] in, Tensor[] values) {
        TensorType x = in.length > 0 && in[0] != null ? in[0] : TensorType.UNKNOWN;
        DType scaleType = in.length > 1 && in[1] != null ? in[1].dtype() : null;
        DType out = scaleType == null && !node.hasAttr("output_dtype") ? null : outputType(node, scaleType);
        return new TensorType[] {new TensorType(out, x.dims(), x.dimNames())};
    }

    private static DType outputType(Node node, DType scaleType) {
        long attr = node.attrInt("output_dtype", 0);
        DType out = attr == 0 ? scaleType : QuantizeLinear.dtype(attr, "output_dtype");
        if (out != DType.FLOAT && out != DType.FLOAT16 && out != DType.BFLOAT16) {
            throw new IllegalArgumentException("DequantizeLinear output must be float, float16 or bfloat16, not "
                    + (out == null ? "unknown" : out.onnxName()) + (attr == 0 ? " (the scale's type)" : ""));
        }
        return out;
    }

    private static void requireZero(Tensor zeroPoint, DType xType) {
        if (xType == DType.FLOAT4E2M1) {
            return;
        }
        for (float v : zeroPoint.floats()) {
            if (v != 0) {
                throw new IllegalArgumentException("x_zero_point must be zero for " + xType.onnxName() + " input, got " + v);
            }
        }
    }
}
