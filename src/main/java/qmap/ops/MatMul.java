package qmap.ops;

import java.util.Arrays;
import qmap.ir.DType;
import qmap.ir.Node;
import qmap.ir.Shapes;
import qmap.ir.Tensor;
import qmap.ir.TensorType;

/**
 * MatMul with numpy semantics: the last two axes are matrices, leading axes broadcast as a batch;
 * a 1-D A is a row vector and a 1-D B a column vector, whose unit axis is dropped from the result.
 * Float products accumulate in double, integer products in 64-bit wrapping arithmetic.
 */
public final class MatMul implements Operator {
    @Override
    public Tensor[] run(Node node, Tensor[] in) {
        Tensor a = in[0];
        Tensor b = in[1];
        if (a.rank() == 0 || b.rank() == 0) {
            throw new IllegalArgumentException("MatMul needs operands of rank >= 1, got "
                    + Shapes.format(a.shape()) + " and " + Shapes.format(b.shape()));
        }
        int[] as = a.rank() == 1 ? new int[] {1, a.dim(0)} : a.shape();
        int[] bs = b.rank() == 1 ? new int[] {b.dim(0), 1} : b.shape();
        int m = as[as.length - 2];
        int k = as[as.length - 1];
        int n = bs[bs.length - 1];
        if (bs[bs.length - 2] != k) {
            throw new IllegalArgumentException("inner dims differ: " + Shapes.format(a.shape()) + " x "
                    + Shapes.format(b.shape()));
        }
        int[] batchA = Arrays.copyOf(as, as.length - 2);
        int[] batchB = Arrays.copyOf(bs, bs.length - 2);
        Broadcast batch = Broadcast.of(batchA, batchB);
        int[] shape = outputShape(batch.shape(), m, n, a.rank() == 1, b.rank() == 1);
        if (a.dtype().storage() == DType.Storage.LONG) {
            return new Tensor[] {Tensor.of(a.dtype(), shape, multiply(a.longs(), b.toLongs(), batch, m, k, n))};
        }
        double[] y = multiply(a.toDoubles(), b.toDoubles(), batch, m, k, n);
        return new Tensor[] {Tensor.fromDoubles(a.dtype(), shape, y)};
    }

    private static double[] multiply(double[] a, double[] b, Broadcast batch, int m, int k, int n) {
        double[] y = new double[batch.size() * m * n];
        for (int p = 0; p < batch.size(); p++) {
            int aBase = batch.a(p) * m * k;
            int bBase = batch.b(p) * k * n;
            int yBase = p * m * n;
            for (int i = 0; i < m; i++) {
                for (int j = 0; j < n; j++) {
                    double acc = 0;
                    for (int t = 0; t < k; t++) {
                        acc += a[aBase + i * k + t] * b[bBase + t * n + j];
                    }
                    y[yBase + i * n + j] = acc;
                }
            }
        }
        return y;
    }

    private static long[] multiply(long[] a, long[] b, Broadcast batch, int m, int k, int n) {
        long[] y = new long[batch.size() * m * n];
        for (int p = 0; p < batch.size(); p++) {
            int aBase = batch.a(p) * m * k;
            int bBase = batch.b(p) * k * n;
            int yBase = p * m * n;
            for (int i = 0; i < m; i++) {
                for (int j = 0; j < n; j++) {
                    long acc = 0;
                    for (int t = 0; t < k; t++) {
                        acc += a[aBase + i * k + t] * b[bBase + t * n + j];
                    }
                    y[yBase + i * n + j] = acc;
                }
            }
        }
        return y;
    }

    /** Batch dims, then M unless A was 1-D, then N unless B was 1-D. */
    private static int[] outputShape(int[] batch, int m, int n, boolean vectorA, boolean vectorB) {
        int[] shape = Arrays.copyOf(batch, batch.length + (vectorA ? 0 : 1) + (vectorB ? 0 : 1));
        int i = batch.length;
        if (!vectorA) {
            shape[i++] = m;
        }
        if (!vectorB) {
            shape[i] = n;
        }
        return shape;
    }

    @Override
    public TensorType[] infer(Node node, TensorType[] in, Tensor[] values) {
        TensorType a = in[0];
        TensorType b = in[1];
        DType dtype = a == null ? null : a.dtype();
        if (a == null || b == null || !a.hasRank() || !b.hasRank() || a.rank() == 0 || b.rank() == 0) {
            return new TensorType[] {Inference.typed(dtype, null)};
        }
        int[] ad = a.rank() == 1 ? new int[] {1, a.dims()[0]} : a.dims();
        int[] bd = b.rank() == 1 ? new int[] {b.dims()[0], 1} : b.dims();
        int[] batch = Inference.broadcastDims(new TensorType[] {
            Inference.typed(dtype, Arrays.copyOf(ad, ad.length - 2)),
            Inference.typed(dtype, Arrays.copyOf(bd, bd.length - 2))});
        int[] shape = outputShape(batch, ad[ad.length - 2], bd[bd.length - 1], a.rank() == 1, b.rank() == 1);
        return new TensorType[] {Inference.typed(dtype, shape)};
    }
}
