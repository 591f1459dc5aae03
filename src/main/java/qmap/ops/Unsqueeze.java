package qmap.ops;

import qmap.ir.Node;
import qmap.ir.Shapes;
import qmap.ir.Tensor;
import qmap.ir.TensorType;

/** Unsqueeze: inserts size-1 axes at the given positions of the output. */
public final class Unsqueeze implements Operator {
    @Override
    public Tensor[] run(Node node, Tensor[] in) {
        if (in.length < 2 || in[1] == null) {
            throw new IllegalArgumentException("Unsqueeze needs the axes input");
        }
        Tensor x = in[0];
        return new Tensor[] {x.reshape(unsqueeze(x.shape(), in[1].toLongs()))};
    }

    @Override
    public TensorType[] infer(Node node, TensorType[] in, Tensor[] values) {
        TensorType x = in[0] == null ? TensorType.UNKNOWN : in[0];
        if (!x.hasRank() || values.length < 2 || values[1] == null) {
            return new TensorType[] {Inference.typed(x.dtype(), null)};
        }
        return new TensorType[] {Inference.typed(x.dtype(), unsqueeze(x.dims(), values[1].toLongs()))};
    }

    private static int[] unsqueeze(int[] dims, long[] axes) {
        int rank = dims.length + axes.length;
        boolean[] inserted = new boolean[rank];
        for (long a : axes) {
            int axis = Shapes.normalizeAxis(a, rank);
            if (inserted[axis]) {
                throw new IllegalArgumentException("axis " + a + " is listed twice");
            }
            inserted[axis] = true;
        }
        int[] out = new int[rank];
        int k = 0;
        for (int i = 0; i < rank; i++) {
            out[i] = inserted[i] ? 1 : dims[k++];
        }
        return out;
    }
}
