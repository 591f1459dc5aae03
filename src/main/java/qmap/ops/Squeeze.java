package qmap.ops;

import qmap.ir.Node;
import qmap.ir.Shapes;
import qmap.ir.Tensor;
import qmap.ir.TensorType;

/** Squeeze: removes the listed size-1 axes, or every size-1 axis when no axes are given. */
public final class Squeeze implements Operator {
    @Override
    public Tensor[] run(Node node, Tensor[] in) {
        Tensor x = in[0];
        long[] axes = in.length > 1 && in[1] != null ? in[1].toLongs() : null;
        return new Tensor[] {x.reshape(squeeze(x.shape(), axes))};
    }

    @Override
    public TensorType[] infer(Node node, TensorType[] in, Tensor[] values) {
        TensorType x = in[0] == null ? TensorType.UNKNOWN : in[0];
        boolean hasAxes = in.length > 1 && in[1] != null;
        long[] axes = hasAxes && values[1] != null ? values[1].toLongs() : null;
        if (!x.hasRank() || (hasAxes && axes == null) || (!hasAxes && !x.isStatic())) {
            return new TensorType[] {Inference.typed(x.dtype(), null)};
        }
        return new TensorType[] {Inference.typed(x.dtype(), squeeze(x.dims(), axes))};
    }

    /** The dims without the squeezed axes; an unknown (-1) dim named in axes is taken to be 1. */
    private static int[] squeeze(int[] dims, long[] axes) {
        boolean[] drop = new boolean[dims.length];
        if (axes == null) {
            for (int i = 0; i < dims.length; i++) {
                drop[i] = dims[i] == 1;
            }
        } else {
            for (long a : axes) {
                int axis = Shapes.normalizeAxis(a, dims.length);
                if (dims[axis] != 1 && dims[axis] >= 0) {
                    throw new IllegalArgumentException("cannot squeeze axis " + a + " of size " + dims[axis]);
                }
                drop[axis] = true;
            }
        }
        int kept = 0;
        for (boolean d : drop) {
            kept += d ? 0 : 1;
        }
        int[] out = new int[kept];
        int k = 0;
        for (int i = 0; i < dims.length; i++) {
            if (!drop[i]) {
                out[k++] = dims[i];
            }
        }
        return out;
    }
}
