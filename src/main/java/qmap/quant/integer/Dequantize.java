package qmap.quant.integer;

import qmap.ir.DType;
import qmap.ir.Node;
import qmap.ir.Tensor;
import qmap.kernels.ByteCodes;
import qmap.ops.Operator;
import qmap.ops.Workspace;

/**
 * DequantizeLinear of an integer tensor at one float32 scale and zero point, where integer
 * values leave the integer graph (model outputs, inputs of ops kept in float form):
 * {@code y = (x - zero_point) * scale} in float32, bit for bit what
 * {@link qmap.ops.DequantizeLinear} computes, in one pass over the array.
 */
public final class Dequantize implements Operator {
    @Override
    public Tensor[] run(Node node, Tensor[] in) {
        return run(node, in, Workspace.SERIAL);
    }

    @Override
    public Tensor[] run(Node node, Tensor[] in, Workspace workspace) {
        Tensor x = in[0];
        if (!x.dtype().isInteger()) {
            throw new IllegalArgumentException("Dequantize needs an integer input, got " + x.dtype().onnxName());
        }
        float scale = IntegerTensors.scale(node, "x");
        long zp = IntegerTensors.zeroPoint(node, "x");
        float[] y = workspace.floats(x.size());
        byte[] b = x.bytes();
        if (b != null) {
            // an 8-bit zero point: every (code - zp) is an int, converted to float32 exactly as the long was
            ByteCodes.dequantize(b, x.dtype() == DType.UINT8, (int) zp, scale, y, b.length);
        } else {
            long[] v = x.longs();
            for (int i = 0; i < v.length; i++) {
                y[i] = (float) (v[i] - zp) * scale;
            }
        }
        return new Tensor[] {Tensor.of(DType.FLOAT, x.shape(), y)};
    }
}
