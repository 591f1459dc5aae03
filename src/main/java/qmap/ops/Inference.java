package qmap.ops;

import qmap.ir.DType;
import qmap.ir.Node;
import qmap.ir.Shapes;
import qmap.ir.Tensor;
import qmap.ir.TensorType;

/** Shared type-inference helpers. */
public final class Inference {
    /** Above this many placeholder elements, evaluation-based inference gives up. */
    private static final long MAX_PLACEHOLDER_ELEMENTS = 1 << 20;

    private Inference() {
    }

    public static TensorType[] unknown(Node node) {
        TensorType[] out = new TensorType[node.outputs().size()];
        java.util.Arrays.fill(out, TensorType.UNKNOWN);
        return out;
    }

    /** Every output has the type of input 0 (elementwise unary ops). */
    public static TensorType[] sameAsInput(Node node, TensorType[] in) {
        TensorType[] out = new TensorType[node.outputs().size()];
        java.util.Arrays.fill(out, in.length > 0 && in[0] != null ? in[0] : TensorType.UNKNOWN);
        return out;
    }

    /** Evaluates the kernel on zeros (and the known constant inputs) to learn output types. */
    public static TensorType[] byEvaluation(Operator op, Node node, TensorType[] in, Tensor[] values) {
        Tensor[] args = new Tensor[in.length];
        long total = 0;
        for (int i = 0; i < in.length; i++) {
            if (values[i] != null) {
                args[i] = values[i];
                continue;
            }
            if (in[i] == null) {
                continue;
            }
            if (!in[i].isStatic() || in[i].dtype() == null) {
                return unknown(node);
            }
            total += Shapes.size(in[i].dims());
            if (total > MAX_PLACEHOLDER_ELEMENTS) {
                return unknown(node);
            }
            args[i] = Tensor.zeros(in[i].dtype(), in[i].dims());
        }
        Tensor[] out;
        try {
            out = op.run(node, args);
        } catch (RuntimeException e) {
            return unknown(node);
        }
        TensorType[] types = new TensorType[node.outputs().size()];
        for (int i = 0; i < types.length; i++) {
            types[i] = i < out.length && out[i] != null ? TensorType.of(out[i]) : TensorType.UNKNOWN;
        }
        return types;
    }

    /** Broadcast of the input types of an elementwise op; unknown dims stay unknown. */
    public static int[] broadcastDims(TensorType[] in) {
        int rank = 0;
        for (TensorType t : in) {
            if (t == null) {
                continue;
            }
            if (!t.hasRank()) {
                return null;
            }
            rank = Math.max(rank, t.rank());
        }
        int[] out = new int[rank];
        java.util.Arrays.fill(out, 1);
        for (TensorType t : in) {
            if (t == null) {
                continue;
            }
            int off = rank - t.rank();
            for (int i = 0; i < t.rank(); i++) {
                int d = t.dims()[i];
                int cur = out[off + i];
                if (d == 1) {
                    continue;
                }
                if (d < 0) {
                    out[off + i] = cur == 1 ? -1 : cur;
                } else if (cur == 1 || cur < 0) {
                    out[off + i] = d;
                } else if (cur != d) {
                    throw new IllegalArgumentException("shapes do not broadcast: dim " + cur + " vs " + d);
                }
            }
        }
        return out;
    }

    public static TensorType typed(DType dtype, int[] dims) {
        return new TensorType(dtype, dims, null);
    }
}
