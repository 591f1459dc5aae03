package qmap.quant.integer;

import java.util.Arrays;
import qmap.ir.Node;
import qmap.ir.Shapes;
import qmap.ir.Tensor;
import qmap.ops.Operator;

/**
 * Integer matrix product, what QLinearMatMul / QGemm compute: A (..., M, K) minus its zero point
 * times B minus its zero point: constant int8 weights (K x N, or N x K when {@code trans_b}), or
 * a quantized activation (..., K, N) whose batch dims broadcast against A's (attention's
 * Q x K^T and scores x V); an optional int32 bias (N) at scale a_scale * b_scale, exact
 * accumulation, requantization per output column with multiplier {@code a_scale * b_scale[n] / y_scale}.
 */
public final class QMatMul implements Operator {
    @Override
    public Tensor[] run(Node node, Tensor[] in) {
        Tensor a = in[0];
        Tensor b = in[1];
        Tensor bias = in.length > 2 ? in[2] : null;
        if (b.rank() < 2 || a.rank() < 1 || b.rank() > 2 && a.rank() < 2) {
            throw new IllegalArgumentException("QMatMul needs B of rank >= 2 (and A of rank >= 2 with a batched B), got A "
                    + a.rank() + "-D, B " + b.rank() + "-D");
        }
        boolean transB = node.attrInt("trans_b", 0) != 0;
        int k = a.dim(a.rank() - 1);
        int n = b.dim(b.rank() - (transB ? 2 : 1));
        if (b.dim(b.rank() - (transB ? 1 : 2)) != k) {
            throw new IllegalArgumentException("inner dims differ: A " + Arrays.toString(a.shape()) + ", B "
                    + Arrays.toString(b.shape()) + (transB ? " (transposed)" : ""));
        }
        int[] av = IntegerTensors.centered(a, IntegerTensors.zeroPoint(node, "a"));
        int[] bv = IntegerTensors.centered(b, IntegerTensors.zeroPoint(node, "b"));
        long[] c = bias == null ? null : bias.longs();
        Requantizer rq = requantizer(node);
        boolean perColumn = node.attrFloats("b_scale", new float[1]).length > 1;
        boolean wide = (long) k << (a.dtype().bits() + b.dtype().bits()) >= Integer.MAX_VALUE;
        // batch dims: a 2-D B serves every row of A; a batched B broadcasts against A's batch dims
        int[] batch;
        int[] ia = null;
        int[] ib = null;
        int rows;
        int[] shape;
        if (b.rank() == 2) {
            batch = new int[0];
            rows = a.size() / k;
            shape = a.rank() == 1 ? new int[] {n} : a.shape().clone();
            shape[shape.length - 1] = n;
        } else {
            int[] aBatch = Arrays.copyOf(a.shape(), a.rank() - 2);
            int[] bBatch = Arrays.copyOf(b.shape(), b.rank() - 2);
            batch = IntegerTensors.broadcast(aBatch, bBatch);
            ia = IntegerTensors.readIndex(aBatch, batch);
            ib = IntegerTensors.readIndex(bBatch, batch);
            rows = a.dim(a.rank() - 2);
            shape = Arrays.copyOf(batch, batch.length + 2);
            shape[batch.length] = rows;
            shape[batch.length + 1] = n;
        }
        int count = Shapes.size(batch);
        int[] bt = new int[k * n];
        int[] y = new int[count * rows * n];
        for (int m = 0; m < count; m++) {
            int aOffset = (ia == null ? m : ia[m]) * rows * k;
            int bOffset = (ib == null ? m : ib[m]) * k * n;
            if (m == 0 || b.rank() > 2) {
                columns(bv, bOffset, k, n, transB, bt);
            }
            for (int r = 0; r < rows; r++) {
                int row = aOffset + r * k;
                int out = (m * rows + r) * n;
                for (int j = 0; j < n; j++) {
                    long acc = wide ? QConv.dotWide(av, row, bt, j * k, k) : QConv.dot(av, row, bt, j * k, k);
                    if (c != null) {
                        acc += c[c.length == 1 ? 0 : j];
                    }
                    y[out + j] = rq.apply(acc, perColumn ? j : 0);
                }
            }
        }
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

    /** The K x N matrix at {@code offset} (N x K when transposed) as N rows of K: one column per row. */
    private static void columns(int[] m, int offset, int k, int n, boolean transposed, int[] out) {
        if (transposed) {
            System.arraycopy(m, offset, out, 0, k * n);
            return;
        }
        for (int i = 0; i < k; i++) {
            for (int j = 0; j < n; j++) {
                out[j * k + i] = m[offset + i * n + j];
            }
        }
    }
}
