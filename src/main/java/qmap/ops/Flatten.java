package qmap.ops;

import qmap.ir.Node;
import qmap.ir.Tensor;
import qmap.ir.TensorType;

/** Flatten: a 2-D view, the dims before {@code axis} (default 1) in rows and the rest in columns. */
public final class Flatten implements Operator {
    @Override
    public Tensor[] run(Node node, Tensor[] in) {
        Tensor x = in[0];
        return new Tensor[] {x.reshape(flatten(x.shape(), node.attrInt("axis", 1)))};
    }

    @Override
    public TensorType[] infer(Node node, TensorType[] in, Tensor[] values) {
        TensorType x = in[0] == null ? TensorType.UNKNOWN : in[0];
        if (!x.hasRank()) {
            return new TensorType[] {Inference.typed(x.dtype(), new int[] {-1, -1})};
        }
        return new TensorType[] {Inference.typed(x.dtype(), flatten(x.dims(), node.attrInt("axis", 1)))};
    }

    /** [prod(dims[:axis]), prod(dims[axis:])], -1 for a product over an unknown dim. */
    private static int[] flatten(int[] dims, long axisAttr) {
        int rank = dims.length;
        long axis = axisAttr < 0 ? axisAttr + rank : axisAttr;
        if (axis < 0 || axis > rank) {
            throw new IllegalArgumentException("axis " + axisAttr + " out of range for rank " + rank);
        }
        return new int[] {product(dims, 0, (int) axis), product(dims, (int) axis, rank)};
    }

    private static int product(int[] dims, int from, int to) {
        long n = 1;
        for (int i = from; i < to; i++) {
            if (dims[i] < 0) {
                return -1;
            }
            n *= dims[i];
        }
        return Math.toIntExact(n);
    }
}
