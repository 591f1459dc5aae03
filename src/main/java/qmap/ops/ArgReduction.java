package qmap.ops;

import qmap.ir.DType;
import qmap.ir.Node;
import qmap.ir.Shapes;
import qmap.ir.Tensor;
import qmap.ir.TensorType;

/**
 * Base of ArgMax and ArgMin: the int64 index of the best element along {@code axis}, first
 * occurrence unless {@code select_last_index}. A subclass says what "better" means.
 */
public abstract class ArgReduction implements Operator {
    /** True when {@code v} strictly beats {@code best}. NaN beats any number, as in numpy. */
    protected abstract boolean better(double v, double best);

    protected abstract boolean betterLong(long v, long best, DType t);

    @Override
    public Tensor[] run(Node node, Tensor[] in) {
        Tensor x = in[0];
        int[] shape = x.shape();
        int axis = Shapes.normalizeAxis(node.attrInt("axis", 0), shape.length);
        boolean last = node.attrInt("select_last_index", 0) != 0;
        int n = shape.length == 0 ? 1 : shape[axis];
        if (n == 0) {
            throw new IllegalArgumentException(getClass().getSimpleName() + " over an empty axis " + axis);
        }
        int inner = 1;
        for (int d = axis + 1; d < shape.length; d++) {
            inner *= shape[d];
        }
        int outer = x.size() / (n * inner);
        long[] out = new long[outer * inner];
        DType t = x.dtype();
        boolean integers = t.storage() == DType.Storage.LONG;
        if (t == DType.STRING) {
            throw new IllegalArgumentException(getClass().getSimpleName() + " does not accept string");
        }
        long[] xl = integers ? x.longs() : null;
        double[] xd = integers ? null : x.toDoubles();
        for (int o = 0; o < outer; o++) {
            for (int i = 0; i < inner; i++) {
                int base = o * n * inner + i;
                int bestK = 0;
                for (int k = 1; k < n; k++) {
                    int at = base + k * inner;
                    int cur = base + bestK * inner;
                    boolean wins = integers
                            ? betterLong(xl[at], xl[cur], t) || last && xl[at] == xl[cur]
                            : better(xd[at], xd[cur]) || last && xd[at] == xd[cur];
                    if (wins) {
                        bestK = k;
                    }
                }
                out[o * inner + i] = bestK;
            }
        }
        return new Tensor[] {Tensor.ofLongs(outputDims(shape, axis, node), out)};
    }

    private static int[] outputDims(int[] dims, int axis, Node node) {
        if (dims.length == 0) {
            return dims;
        }
        if (node.attrInt("keepdims", 1) != 0) {
            int[] out = dims.clone();
            out[axis] = 1;
            return out;
        }
        int[] out = new int[dims.length - 1];
        for (int d = 0, k = 0; d < dims.length; d++) {
            if (d != axis) {
                out[k++] = dims[d];
            }
        }
        return out;
    }

    @Override
    public TensorType[] infer(Node node, TensorType[] in, Tensor[] values) {
        TensorType x = in[0];
        if (x == null || !x.hasRank()) {
            return new TensorType[] {Inference.typed(DType.INT64, null)};
        }
        int axis = Shapes.normalizeAxis(node.attrInt("axis", 0), x.rank());
        return new TensorType[] {Inference.typed(DType.INT64, outputDims(x.dims(), axis, node))};
    }
}
