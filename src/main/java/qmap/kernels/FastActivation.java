package qmap.kernels;

import java.util.concurrent.ForkJoinPool;
import qmap.ir.DType;
import qmap.ir.Node;
import qmap.ir.Tensor;
import qmap.ops.Operator;
import qmap.ops.Workspace;

/**
 * Relu, Sigmoid, HardSigmoid and HardSwish on float32 tensors as tight parallel loops with the
 * attributes read once. Relu, HardSigmoid and HardSwish compute the reference's formula in the
 * reference's precision (double where the reference uses double), so results are bit-identical;
 * Sigmoid is a vectorized float32 function within a few ulp of the reference
 * ({@link ElementwiseOps#sigmoid}). Other types go to the reference op.
 */
public final class FastActivation extends FastKernel {
    /** The activations covered. */
    public enum Kind { RELU, SIGMOID, HARD_SIGMOID, HARD_SWISH }

    private final Kind kind;

    public FastActivation(Kind kind, Operator reference) {
        super(reference);
        this.kind = kind;
    }

    @Override
    public Tensor[] run(Node node, Tensor[] in, Workspace workspace) {
        ForkJoinPool pool = workspace.pool();
        Tensor x = in[0];
        if (x.dtype() != DType.FLOAT) {
            return reference.run(node, in);
        }
        float[] a = x.floats();
        float[] out = workspace.floats(a.length);
        double alpha = node.attrFloat("alpha", 0.2f);
        double beta = node.attrFloat("beta", 0.5f);
        Rows.forEach(pool, 1, a.length, (row, from, to) -> apply(kind, a, from, out, from, to - from, alpha, beta));
        return new Tensor[] {Tensor.of(DType.FLOAT, x.shape(), out)};
    }

    /** out[o + i] = f(a[ai + i]) for i < n; {@code alpha} and {@code beta} are HardSigmoid's. */
    static void apply(Kind kind, float[] a, int ai, float[] out, int o, int n, double alpha, double beta) {
        switch (kind) {
            case RELU -> ElementwiseOps.relu(a, ai, out, o, n);
            case SIGMOID -> ElementwiseOps.sigmoid(a, ai, out, o, n);
            case HARD_SIGMOID -> hardSigmoid(a, ai, out, o, n, alpha, beta);
            case HARD_SWISH -> hardSwish(a, ai, out, o, n);
        }
    }

    private static void hardSigmoid(float[] a, int ai, float[] out, int o, int n, double alpha, double beta) {
        for (int i = 0; i < n; i++) {
            out[o + i] = (float) clamp01(alpha * a[ai + i] + beta);
        }
    }

    private static void hardSwish(float[] a, int ai, float[] out, int o, int n) {
        for (int i = 0; i < n; i++) {
            double v = a[ai + i];
            out[o + i] = (float) (v * clamp01(v / 6 + 0.5));
        }
    }

    /** max(0, min(1, v)) with NaN passing through, as the reference's HardSigmoid. */
    private static double clamp01(double v) {
        return v < 0 ? 0 : v > 1 ? 1 : v;
    }
}
