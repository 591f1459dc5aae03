package qmap.quant.integer;

import java.util.Arrays;
import qmap.ir.Node;
import qmap.ir.Tensor;
import qmap.ops.Operator;

/**
 * Integer matrix product, what QLinearMatMul / QGemm compute: A (..., M, K) minus its zero point
 * times a constant int8 B (K x N, or N x K when {@code trans_b}), an optional int32 bias (N) at
 * scale a_scale * b_scale, exact accumulation, requantization per output column with
 * multiplier {@code a_scale * b_scale[n] / y_scale}.
 */
public final class QMatMul implements Operator {
    @Override
    public Tensor[] run(Node node, Tensor[] in) {
        Tensor a = in[0];
        Tensor b = in[1];
        Tensor bias = in.length > 2 ? in[2] : null;
        if (b.rank() != 2 || a.rank() < 1) {
            throw new IllegalArgumentException("QMatMul needs a 2-D B, got " + b.rank() + "-D");
        }
        boolean transB = node.attrInt("trans_b", 0) != 0;
        int k = a.dim(a.rank() - 1);
        int n = transB ? b.dim(0) : b.dim(1);
        if ((transB ? b.dim(1) : b.dim(0)) != k) {
            throw new IllegalArgumentException("inner dims differ: A " + Arrays.toString(a.shape()) + ", B "
                    + Arrays.toString(b.shape()) + (transB ? " (transposed)" : ""));
        }
        int[] av = IntegerTensors.centered(a, IntegerTensors.zeroPoint(node, "a"));
        int[] bv = IntegerTensors.centered(b, IntegerTensors.zeroPoint(node, "b"));
        int[] bt = transB ? bv : transpose(bv, k, n);
        long[] c = bias == null ? null : bias.longs();
        Requantizer rq = requantizer(node);
        boolean perColumn = node.attrFloats("b_scale", new float[1]).length > 1;
        boolean wide = (long) k << (a.dtype().bits() + b.dtype().bits()) >= Integer.MAX_VALUE;
        int rows = a.size() / k;
        int[] y = new int[rows * n];
        for (int r = 0; r < rows; r++) {
            for (int j = 0; j < n; j++) {
                long acc = wide ? QConv.dotWide(av, r * k, bt, j * k, k) : QConv.dot(av, r * k, bt, j * k, k);
                if (c != null) {
                    acc += c[c.length == 1 ? 0 : j];
                }
                y[r * n + j] = rq.apply(acc, perColumn ? j : 0);
            }
        }
        int[] shape = a.rank() == 1 ? new int[] {n} : a.shape().clone();
        shape[shape.length - 1] = n;
        return new Tensor[] {IntegerTensors.output(node, shape, y)};
    }

    static Requantizer requantizer(Node node) {
        float as = IntegerTensors.scale(node, "a");
        float ys = IntegerTensors.scale(node, "y");
        float[] bs = node.attrFloats("b_scale", new float[] {1f});
        float[] fm = new float[bs.length];
        double[] em = new double[bs.length];
        for (int j = 0; j < bs.length; j++) {
            fm[j] = as * bs[j] / ys;
            em[j] = (double) as * bs[j] / ys;
        }
        return new Requantizer(RequantMode.of(node), fm, em, IntegerTensors.lo(node), IntegerTensors.hi(node));
    }

    private static int[] transpose(int[] m, int rows, int cols) {
        int[] t = new int[m.length];
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < cols; j++) {
                t[j * rows + i] = m[i * cols + j];
            }
        }
        return t;
    }
}
