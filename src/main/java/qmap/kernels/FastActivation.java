package qmap.kernels;

import java.util.concurrent.ForkJoinPool;
import qmap.ir.DType;
import qmap.ir.Node;
import qmap.ir.Tensor;
import qmap.ops.Operator;
import qmap.ops.Workspace;

/**
 * Relu, Sigmoid, HardSigmoid and HardSwish on float32 tensors as tight parallel loops with the
 * attributes read once. Each computes the reference's formula in the reference's precision
 * (double where the reference uses double), so results are bit-identical. Other types go to the
 * reference op.
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
        Rows.forEach(pool, 1, a.length, (row, from, to) -> {
            switch (kind) {
                case RELU -> relu(a, out, from, to);
                case SIGMOID -> sigmoid(a, out, from, to);
                case HARD_SIGMOID -> hardSigmoid(a, out, from, to, alpha, beta);
                case HARD_SWISH -> hardSwish(a, out, from, to);
            }
        });
        return new Tensor[] {Tensor.of(DType.FLOAT, x.shape(), out)};
    }

    private static void relu(float[] a, float[] out, int from, int to) {
        for (int i = from; i < to; i++) {
            out[i] = a[i] < 0 ? 0f : a[i];
        }
    }

    private static void sigmoid(float[] a, float[] out, int from, int to) {
        for (int i = from; i < to; i++) {
            double v = a[i];
            if (v >= 0) {
                out[i] = (float) (1 / (1 + Math.exp(-v)));
            } else {
                double e = Math.exp(v);
                out[i] = (float) (e / (1 + e));
            }
        }
    }

    private static void hardSigmoid(float[] a, float[] out, int from, int to, double alpha, double beta) {
        for (int i = from; i < to; i++) {
            out[i] = (float) clamp01(alpha * a[i] + beta);
        }
    }

    private static void hardSwish(float[] a, float[] out, int from, int to) {
        for (int i = from; i < to; i++) {
            double v = a[i];
            out[i] = (float) (v * clamp01(v / 6 + 0.5));
        }
    }

    /** max(0, min(1, v)) with NaN passing through, as the reference's HardSigmoid. */
    private static double clamp01(double v) {
        return v < 0 ? 0 : v > 1 ? 1 : v;
    }
}
