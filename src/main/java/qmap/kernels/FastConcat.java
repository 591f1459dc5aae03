package qmap.kernels;

import qmap.ir.DType;
import qmap.ir.Node;
import qmap.ir.Shapes;
import qmap.ir.Tensor;
import qmap.ops.Concat;
import qmap.ops.Workspace;

/**
 * Concat of float32 (or of integer) tensors into an array from the workspace (recycled by the
 * executor): block copies, one task per input (bytes when every input is held as bytes). Other types, and inputs the reference rejects,
 * go to the reference.
 */
public final class FastConcat extends FastKernel {
    public FastConcat(Concat reference) {
        super(reference);
    }

    @Override
    public Tensor[] run(Node node, Tensor[] in, Workspace workspace) {
        if (!fits(node, in)) {
            return reference.run(node, in);
        }
        int rank = in[0].rank();
        int axis = Shapes.normalizeAxis(node.attrInt("axis", 0), rank);
        int[] shape = in[0].shape().clone();
        shape[axis] = 0;
        for (Tensor t : in) {
            shape[axis] += t.dim(axis);
        }
        int outer = 1;
        for (int d = 0; d < axis; d++) {
            outer *= shape[d];
        }
        int inner = 1;
        for (int d = axis + 1; d < rank; d++) {
            inner *= shape[d];
        }
        int rowLength = shape[axis] * inner;
        int[] offsets = new int[in.length];
        for (int i = 1; i < in.length; i++) {
            offsets[i] = offsets[i - 1] + in[i - 1].dim(axis) * inner;
        }
        DType type = in[0].dtype();
        boolean bytes = java.util.Arrays.stream(in).allMatch(t -> t.bytes() != null);
        Object y = type == DType.FLOAT ? workspace.floats(outer * rowLength)
                : bytes ? workspace.bytes(outer * rowLength) : workspace.longs(outer * rowLength);
        int rows = outer;
        int inners = inner;
        Parallel.forEach(workspace.pool(), in.length, i -> {
            Object src = bytes ? in[i].bytes() : in[i].values();
            int block = in[i].dim(axis) * inners;
            for (int o = 0; o < rows; o++) {
                System.arraycopy(src, o * block, y, o * rowLength + offsets[i], block);
            }
        });
        return new Tensor[] {type == DType.FLOAT ? Tensor.of(DType.FLOAT, shape, (float[]) y)
                : bytes ? Tensor.ofBytes(type, shape, (byte[]) y) : Tensor.ofInRange(type, shape, (long[]) y)};
    }

    /** Float32 inputs, or integer inputs of one type, of one rank that agree on every axis but the concatenation axis. */
    private static boolean fits(Node node, Tensor[] in) {
        if (in.length == 0 || !node.hasAttr("axis")) {
            return false;
        }
        int rank = in[0].rank();
        if (rank == 0) {
            return false;
        }
        long a = node.attrInt("axis", 0);
        if (a < -rank || a >= rank) {
            return false;
        }
        int axis = Shapes.normalizeAxis(a, rank);
        for (Tensor t : in) {
            if (t == null || t.dtype() != in[0].dtype() || t.rank() != rank
                    || t.dtype() != DType.FLOAT && !t.dtype().isInteger()) {
                return false;
            }
            for (int d = 0; d < rank; d++) {
                if (d != axis && t.dim(d) != in[0].dim(d)) {
                    return false;
                }
            }
        }
        return true;
    }
}
