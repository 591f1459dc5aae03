package qmap.kernels;

import java.util.concurrent.ForkJoinPool;
import qmap.ir.DType;
import qmap.ir.Node;
import qmap.ir.Tensor;
import qmap.ops.Operator;
import qmap.ops.Workspace;

/**
 * Add, Sub, Mul and Div on two float32 tensors with broadcasting, as loops over contiguous rows
 * ({@link BroadcastPlan}). A float32 operation gives the same bits as the reference's double
 * operation rounded to float32, so results match the reference exactly. Other types go to the
 * reference op.
 */
public final class FastArithmetic extends FastKernel {
    /** The four arithmetic ops. */
    public enum Kind { ADD, SUB, MUL, DIV }

    /** Elements per parallel task: enough to outweigh handing the task over. */
    static final int GRAIN = 1 << 15;

    private final Kind kind;

    public FastArithmetic(Kind kind, Operator reference) {
        super(reference);
        this.kind = kind;
    }

    @Override
    public Tensor[] run(Node node, Tensor[] in, Workspace workspace) {
        ForkJoinPool pool = workspace.pool();
        Tensor x = in[0];
        Tensor y = in[1];
        BroadcastPlan plan = x.dtype() == DType.FLOAT && y.dtype() == DType.FLOAT
                ? BroadcastPlan.of(x.shape(), y.shape()) : null;
        if (plan == null) {
            return reference.run(node, in);
        }
        float[] a = x.floats();
        float[] b = y.floats();
        float[] out = workspace.floats(plan.rows * plan.length);
        Rows.forEach(pool, plan.rows, plan.length, (row, from, to) -> {
            int o = row * plan.length;
            span(kind, a, plan.aOffset(row), plan.aRepeats, b, plan.bOffset(row), plan.bRepeats, out, o, from, to);
        });
        return new Tensor[] {Tensor.of(DType.FLOAT, plan.shape, out)};
    }

    /** out[o + i] = a_i op b_i for i in [from, to), where a repeating operand is its first value. */
    static void span(Kind kind, float[] a, int ai, boolean aRepeats, float[] b, int bi, boolean bRepeats,
                     float[] out, int o, int from, int to) {
        if (aRepeats && !bRepeats) {
            float av = a[ai];
            switch (kind) {
                case ADD -> { for (int i = from; i < to; i++) { out[o + i] = av + b[bi + i]; } }
                case SUB -> { for (int i = from; i < to; i++) { out[o + i] = av - b[bi + i]; } }
                case MUL -> { for (int i = from; i < to; i++) { out[o + i] = av * b[bi + i]; } }
                case DIV -> { for (int i = from; i < to; i++) { out[o + i] = av / b[bi + i]; } }
            }
        } else if (bRepeats && !aRepeats) {
            float bv = b[bi];
            switch (kind) {
                case ADD -> { for (int i = from; i < to; i++) { out[o + i] = a[ai + i] + bv; } }
                case SUB -> { for (int i = from; i < to; i++) { out[o + i] = a[ai + i] - bv; } }
                case MUL -> { for (int i = from; i < to; i++) { out[o + i] = a[ai + i] * bv; } }
                case DIV -> { for (int i = from; i < to; i++) { out[o + i] = a[ai + i] / bv; } }
            }
        } else if (bRepeats) {
            float v = apply(kind, a[ai], b[bi]);
            for (int i = from; i < to; i++) {
                out[o + i] = v;
            }
        } else {
            switch (kind) {
                case ADD -> { for (int i = from; i < to; i++) { out[o + i] = a[ai + i] + b[bi + i]; } }
                case SUB -> { for (int i = from; i < to; i++) { out[o + i] = a[ai + i] - b[bi + i]; } }
                case MUL -> { for (int i = from; i < to; i++) { out[o + i] = a[ai + i] * b[bi + i]; } }
                case DIV -> { for (int i = from; i < to; i++) { out[o + i] = a[ai + i] / b[bi + i]; } }
            }
        }
    }

    private static float apply(Kind kind, float a, float b) {
        return switch (kind) {
            case ADD -> a + b;
            case SUB -> a - b;
            case MUL -> a * b;
            case DIV -> a / b;
        };
    }
}
