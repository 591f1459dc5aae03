package qmap.quant.integer;

import qmap.ir.DType;
import qmap.ir.Node;
import qmap.ir.Tensor;

/**
 * Moves integer tensors between the IR's storage (one long per element) and the int arrays the
 * kernels compute on, and reads the quantization attributes every integer node carries:
 * {@code <p>_scale}, {@code <p>_zero_point} per operand, {@code y_type} and the output clamp
 * range {@code y_min}/{@code y_max} (the type's range, narrowed by a fused Relu/Clip).
 */
final class IntegerTensors {
    private IntegerTensors() {
    }

    /** The values minus a zero point, as ints. */
    static int[] centered(Tensor t, long zeroPoint) {
        if (!t.dtype().isInteger()) {
            throw new IllegalArgumentException("expected an integer tensor, got " + t.dtype().onnxName());
        }
        long[] v = t.longs();
        int[] out = new int[v.length];
        int zp = (int) zeroPoint;
        for (int i = 0; i < v.length; i++) {
            out[i] = (int) v[i] - zp;
        }
        return out;
    }

    /** The broadcast output shape of two shapes; a user error naming both when they do not broadcast. */
    static int[] broadcast(int[] a, int[] b) {
        int[] out = qmap.ir.Shapes.broadcast(a, b);
        if (out == null) {
            throw new IllegalArgumentException("shapes " + qmap.ir.Shapes.format(a) + " and " + qmap.ir.Shapes.format(b)
                    + " do not broadcast");
        }
        return out;
    }

    /** For each output element the input element it reads; null when the input has the output's shape. */
    static int[] readIndex(int[] in, int[] out) {
        return java.util.Arrays.equals(in, out) ? null : qmap.ops.Broadcast.flatIndex(in, out);
    }

    /**
     * How many consecutive output elements read one element of an operand that is constant over
     * trailing output dims: 1 for the output's own shape, the whole output for one value, H x W
     * for a per-channel [1, C, 1, 1] against [N, C, H, W]; -1 for any other broadcast.
     */
    static int block(int[] in, int[] out) {
        int offset = out.length - in.length;
        int d = out.length;
        while (d > 0 && (d - 1 < offset || in[d - 1 - offset] == 1)) {
            d--;
        }
        int inner = 1;
        for (int j = 0; j < out.length; j++) {
            if (j >= d) {
                inner *= out[j];
            } else if ((j < offset ? 1 : in[j - offset]) != out[j]) {
                return -1;
            }
        }
        return inner;
    }

    static Tensor tensor(DType dtype, int[] shape, int[] values) {
        long[] v = new long[values.length];
        for (int i = 0; i < v.length; i++) {
            v[i] = values[i];
        }
        return Tensor.of(dtype, shape, v);
    }

    static DType outputType(Node node) {
        return DType.fromOnnx((int) node.attrInt("y_type", DType.INT8.onnxCode()));
    }

    static float scale(Node node, String operand) {
        return node.attrFloat(operand + "_scale", 1f);
    }

    static long zeroPoint(Node node, String operand) {
        return node.attrInt(operand + "_zero_point", 0);
    }

    /** Output clamp range in the centered domain (zero point subtracted). */
    static int lo(Node node) {
        return (int) (node.attrInt("y_min", outputType(node).minValue()) - zeroPoint(node, "y"));
    }

    static int hi(Node node) {
        return (int) (node.attrInt("y_max", outputType(node).maxValue()) - zeroPoint(node, "y"));
    }

    /** Adds the output zero point back and wraps the result as the output type. */
    static Tensor output(Node node, int[] shape, int[] centered) {
        int zp = (int) zeroPoint(node, "y");
        if (zp != 0) {
            for (int i = 0; i < centered.length; i++) {
                centered[i] += zp;
            }
        }
        return tensor(outputType(node), shape, centered);
    }
}
