package qmap.quant.integer;

import qmap.ir.DType;
import qmap.ir.Node;
import qmap.ir.Tensor;
import qmap.ops.Operator;
import qmap.ops.Workspace;

/**
 * QuantizeLinear of a float32 tensor at one float32 scale and zero point, where float values
 * enter the integer graph (the model inputs after their float preprocessing, outputs of ops
 * kept in float form): {@code y = clamp(rint(x / scale) + zero_point)}, the division in float32,
 * bit for bit what {@link qmap.ops.QuantizeLinear} computes, in one pass over the array.
 */
public final class Quantize implements Operator {
    @Override
    public Tensor[] run(Node node, Tensor[] in) {
        return run(node, in, Workspace.SERIAL);
    }

    @Override
    public Tensor[] run(Node node, Tensor[] in, Workspace workspace) {
        Tensor x = in[0];
        if (x.dtype() != DType.FLOAT) {
            throw new IllegalArgumentException("Quantize needs float32 input, got " + x.dtype().onnxName());
        }
        float scale = IntegerTensors.scale(node, "y");
        long zp = IntegerTensors.zeroPoint(node, "y");
        DType type = IntegerTensors.outputType(node);
        long lo = type.minValue();
        long hi = type.maxValue();
        float[] v = x.floats();
        if (type.bits() == 8) {
            byte[] y = workspace.bytes(v.length);
            for (int i = 0; i < v.length; i++) {
                float q = v[i] / scale;
                double r = q != q ? lo : Math.rint(q) + zp;
                y[i] = (byte) (r <= lo ? lo : r >= hi ? hi : (long) r);
            }
            return new Tensor[] {Tensor.ofBytes(type, x.shape(), y)};
        }
        long[] y = workspace.longs(v.length);
        for (int i = 0; i < v.length; i++) {
            float q = v[i] / scale;
            double r = q != q ? lo : Math.rint(q) + zp;
            y[i] = r <= lo ? lo : r >= hi ? hi : (long) r;
        }
        return new Tensor[] {Tensor.ofInRange(type, x.shape(), y)};
    }
}
