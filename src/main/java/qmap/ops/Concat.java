package qmap.ops;

import java.util.Arrays;
import qmap.ir.DType;
import qmap.ir.Node;
import qmap.ir.Shapes;
import qmap.ir.Tensor;
import qmap.ir.TensorType;

/** Concat: joins the inputs along {@code axis}; all other dims must agree. */
public final class Concat implements Operator {
    @Override
    public Tensor[] run(Node node, Tensor[] in) {
        if (in.length == 0) {
            throw new IllegalArgumentException("Concat needs at least one input");
        }
        Tensor first = in[0];
        int rank = first.rank();
        int axis = Shapes.normalizeAxis(requiredAxis(node), rank);
        int[] outShape = first.shape().clone();
        outShape[axis] = 0;
        for (Tensor t : in) {
            checkCompatible(first, t, axis);
            outShape[axis] += t.dim(axis);
        }
        int outer = Shapes.size(Arrays.copyOfRange(outShape, 0, axis));
        int inner = Shapes.size(Arrays.copyOfRange(outShape, axis + 1, rank));
        Object out = IndexMap.allocate(first.dtype(), Shapes.size(outShape));
        int rowLength = outShape[axis] * inner;
        int offset = 0;
        for (Tensor t : in) {
            int block = t.dim(axis) * inner;
            Object src = t.values();
            for (int o = 0; o < outer; o++) {
                System.arraycopy(src, o * block, out, o * rowLength + offset, block);
            }
            offset += block;
        }
        return new Tensor[] {Tensor.wrapStorage(first.dtype(), outShape, out)};
    }

    @Override
    public TensorType[] infer(Node node, TensorType[] in, Tensor[] values) {
        DType dtype = null;
        int[] dims = null;
        for (TensorType t : in) {
            if (t != null && t.dtype() != null) {
                dtype = t.dtype();
            }
            if (t != null && t.hasRank()) {
                dims = t.dims();
            }
        }
        if (dims == null) {
            return new TensorType[] {Inference.typed(dtype, null)};
        }
        int axis = Shapes.normalizeAxis(requiredAxis(node), dims.length);
        int[] out = new int[dims.length];
        Arrays.fill(out, -1);
        out[axis] = 0;
        for (TensorType t : in) {
            int[] d = t == null || !t.hasRank() ? null : t.dims();
            for (int i = 0; i < out.length; i++) {
                if (i == axis) {
                    out[i] = d == null || d[i] < 0 || out[i] < 0 ? -1 : out[i] + d[i];
                } else if (d != null && d[i] >= 0) {
                    out[i] = d[i];
                }
            }
        }
        return new TensorType[] {Inference.typed(dtype, out)};
    }

    private static long requiredAxis(Node node) {
        if (!node.hasAttr("axis")) {
            throw new IllegalArgumentException("Concat needs the axis attribute");
        }
        return node.attrInt("axis", 0);
    }

    private static void checkCompatible(Tensor first, Tensor t, int axis) {
        boolean ok = t.rank() == first.rank() && t.dtype() == first.dtype();
        for (int i = 0; ok && i < t.rank(); i++) {
            ok = i == axis || t.dim(i) == first.dim(i);
        }
        if (!ok) {
            throw new IllegalArgumentException("cannot concatenate " + t + " with " + first + " along axis " + axis);
        }
    }
}
