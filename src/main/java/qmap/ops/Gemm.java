package qmap.ops;

import qmap.ir.Node;
import qmap.ir.Shapes;
import qmap.ir.Tensor;
import qmap.ir.TensorType;

/**
 * Gemm: Y = alpha * A' B' + beta * C for 2-D A and B, where A' and B' are optionally transposed
 * (transA, transB) and the optional C broadcasts to M x N. Products accumulate in double.
 */
public final class Gemm implements Operator {
    @Override
    public Tensor[] run(Node node, Tensor[] in) {
        Tensor a = in[0];
        Tensor b = in[1];
        Tensor c = in.length > 2 ? in[2] : null;
        if (a.rank() != 2 || b.rank() != 2) {
            throw new IllegalArgumentException("Gemm needs 2-D A and B, got " + Shapes.format(a.shape())
                    + " and " + Shapes.format(b.shape()));
        }
        boolean transA = node.attrInt("transA", 0) != 0;
        boolean transB = node.attrInt("transB", 0) != 0;
        int m = transA ? a.dim(1) : a.dim(0);
        int k = transA ? a.dim(0) : a.dim(1);
        int n = transB ? b.dim(0) : b.dim(1);
        if ((transB ? b.dim(1) : b.dim(0)) != k) {
            throw new IllegalArgumentException("inner dims differ: A' is " + m + "x" + k + ", B is "
                    + Shapes.format(b.shape()) + (transB ? " (transposed)" : ""));
        }
        // A'[i][t] = a[i * ai + t * at], B'[t][j] = b[t * bt + j * bj]
        int ai = transA ? 1 : k;
        int at = transA ? m : 1;
        int bt = transB ? 1 : n;
        int bj = transB ? k : 1;
        double alpha = node.attrFloat("alpha", 1f);
        double beta = node.attrFloat("beta", 1f);
        double[] as = a.toDoubles();
        double[] bs = b.toDoubles();
        double[] cs = c == null ? null : c.toDoubles();
        int[] cIndex = c == null ? null : biasIndex(c.shape(), m, n);
        double[] y = new double[m * n];
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                double acc = 0;
                for (int t = 0; t < k; t++) {
                    acc += as[i * ai + t * at] * bs[t * bt + j * bj];
                }
                y[i * n + j] = alpha * acc + (cs == null ? 0 : beta * cs[cIndex[i * n + j]]);
            }
        }
        return new Tensor[] {Tensor.fromDoubles(a.dtype(), new int[] {m, n}, y)};
    }

    /** For each element of M x N, the element of C it adds (C broadcasts one way only). */
    private static int[] biasIndex(int[] cShape, int m, int n) {
        int[] out = {m, n};
        int[] joint = Shapes.broadcast(cShape, out);
        if (cShape.length > 2 || joint == null || joint[0] != m || joint[1] != n) {
            throw new IllegalArgumentException("C of shape " + Shapes.format(cShape) + " does not broadcast to "
                    + m + "x" + n);
        }
        return Broadcast.flatIndex(cShape, out);
    }

    @Override
    public TensorType[] infer(Node node, TensorType[] in, Tensor[] values) {
        TensorType a = in[0];
        TensorType b = in[1];
        int m = -1;
        int n = -1;
        if (a != null && a.rank() == 2) {
            m = a.dims()[node.attrInt("transA", 0) != 0 ? 1 : 0];
        }
        if (b != null && b.rank() == 2) {
            n = b.dims()[node.attrInt("transB", 0) != 0 ? 0 : 1];
        }
        return new TensorType[] {Inference.typed(a == null ? null : a.dtype(), new int[] {m, n})};
    }
}
