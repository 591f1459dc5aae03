package qmap.ops;

import qmap.QmapException;
import qmap.ir.DType;
import qmap.ir.MiniFloat;
import qmap.ir.Node;
import qmap.ir.Tensor;
import qmap.ir.TensorType;

/**
 * QuantizeLinear: y = saturate(round(x / y_scale) + y_zero_point), rounding half to even,
 * with per-tensor, per-axis or blocked scales ({@link ScaleLayout}). The output type is the
 * zero point's, else {@code output_dtype}, else uint8. Float8 outputs round x / y_scale into
 * the format (clamped when {@code saturate}); float4 adds the zero point first.
 */
public final class QuantizeLinear implements Operator {
    @Override
    public Tensor[] run(Node node, Tensor[] in) {
        Tensor x = in[0];
        Tensor scale = in[1];
        Tensor zeroPoint = in.length > 2 ? in[2] : null;
        DType out = outputType(node, zeroPoint == null ? null : zeroPoint.dtype());
        DType precision = precision(node, scale.dtype());
        ScaleLayout scales = ScaleLayout.of(node, "y_scale", x.shape(), scale.shape());
        ScaleLayout zeros = zeroPoint == null ? null : ScaleLayout.of(node, "y_zero_point", x.shape(), zeroPoint.shape());
        int n = x.size();
        double[] quotient = new double[n];
        for (int i = 0; i < n; i++) {
            double xi = roundTo(precision, x.getDouble(i));
            double si = roundTo(precision, scale.getDouble(scales.index(i)));
            quotient[i] = roundTo(precision, xi / si);
        }
        if (out.storage() == DType.Storage.LONG) {
            long[] y = new long[n];
            for (int i = 0; i < n; i++) {
                long zp = zeroPoint == null ? 0 : zeroPoint.longs()[zeros.index(i)];
                // NaN becomes the smallest value, as in the reference (int32 "indefinite", clipped)
                double q = Double.isNaN(quotient[i]) ? out.minValue() : Math.rint(quotient[i]) + zp;
                y[i] = (long) Math.max(out.minValue(), Math.min(out.maxValue(), q));
            }
            return new Tensor[] {Tensor.of(out, x.shape(), y)};
        }
        MiniFloat format = MiniFloat.of(out);
        boolean saturate = node.attrInt("saturate", 1) != 0;
        float[] y = new float[n];
        for (int i = 0; i < n; i++) {
            if (out == DType.FLOAT4E2M1) {
                // float4 has no infinity to overflow into, and here the zero point is added
                double zp = zeroPoint == null ? 0 : zeroPoint.floats()[zeros.index(i)];
                y[i] = format.round(roundTo(precision, quotient[i] + zp), true);
            } else {
                y[i] = format.round(quotient[i], saturate);
            }
        }
        return new Tensor[] {Tensor.of(out, x.shape(), y)};
    }

    @Override
    public TensorType[] infer(Node node, TensorType[] in, Tensor[] values) {
        TensorType x = in.length > 0 && in[0] != null ? in[0] : TensorType.UNKNOWN;
        DType zeroPointType = in.length > 2 && in[2] != null ? in[2].dtype() : null;
        boolean zeroPointTypeUnknown = in.length > 2 && in[2] != null && zeroPointType == null;
        DType out = zeroPointTypeUnknown ? null : outputType(node, zeroPointType);
        return new TensorType[] {new TensorType(out, x.dims(), x.dimNames())};
    }

    /** The zero point's type, which {@code output_dtype} must agree with; uint8 when neither is given. */
    static DType outputType(Node node, DType zeroPointType) {
        long attr = node.attrInt("output_dtype", 0);
        DType out = attr == 0 ? null : dtype(attr, "output_dtype");
        if (zeroPointType != null) {
            if (out != null && out != zeroPointType) {
                throw new IllegalArgumentException("output_dtype " + out.onnxName() + " differs from the zero point's type "
                        + zeroPointType.onnxName());
            }
            out = zeroPointType;
        }
        out = out == null ? DType.UINT8 : out;
        boolean quantized = out.isInteger() && out.bits() <= 16 || Cast.isFloat8(out) || out == DType.FLOAT4E2M1;
        if (!quantized) {
            throw new IllegalArgumentException("cannot quantize to " + out.onnxName()
                    + " (expected an 8/16-bit, 4-bit or 2-bit integer, float8 or float4 type)");
        }
        return out;
    }

    /** The type x / y_scale is computed in: the {@code precision} attribute, else the scale's type. */
    private static DType precision(Node node, DType scaleType) {
        long attr = node.attrInt("precision", 0);
        DType p = attr == 0 ? scaleType : dtype(attr, "precision");
        return switch (p) {
            case FLOAT, DOUBLE, FLOAT16, BFLOAT16 -> p;
            case FLOAT8E8M0 -> DType.FLOAT;
            default -> DType.DOUBLE;
        };
    }

    private static double roundTo(DType precision, double v) {
        return switch (precision) {
            case FLOAT -> (float) v;
            case DOUBLE -> v;
            default -> MiniFloat.of(precision).round(v, false);
        };
    }

    static DType dtype(long code, String attribute) {
        try {
            return DType.fromOnnx((int) code);
        } catch (QmapException e) {
            throw new IllegalArgumentException(attribute + ": " + e.getMessage(), e);
        }
    }
}
