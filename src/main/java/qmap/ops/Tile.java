package qmap.ops;

import java.util.Arrays;
import qmap.ir.Node;
import qmap.ir.Shapes;
import qmap.ir.Tensor;
import qmap.ir.TensorType;

/** Tile: the input repeated {@code repeats[d]} times along each axis d. */
public final class Tile implements Operator {
    @Override
    public Tensor[] run(Node node, Tensor[] in) {
        Tensor x = in[0];
        int[] shape = x.shape();
        long[] repeats = in[1].toLongs();
        checkRepeats(repeats, shape.length);
        // Viewed as [r0, d0, r1, d1, ...], the output reads the input with stride 0 on each r axis.
        int rank = shape.length;
        int[] inStrides = Shapes.strides(shape);
        int[] viewShape = new int[2 * rank];
        int[] viewStrides = new int[2 * rank];
        int[] outShape = new int[rank];
        for (int d = 0; d < rank; d++) {
            viewShape[2 * d] = (int) repeats[d];
            viewShape[2 * d + 1] = shape[d];
            viewStrides[2 * d + 1] = inStrides[d];
            outShape[d] = Math.multiplyExact(shape[d], (int) repeats[d]);
        }
        Tensor tiled = IndexMap.strided(viewShape, viewStrides, 0).take(x);
        return new Tensor[] {tiled.reshape(outShape)};
    }

    @Override
    public TensorType[] infer(Node node, TensorType[] in, Tensor[] values) {
        TensorType x = in[0] == null ? TensorType.UNKNOWN : in[0];
        if (!x.hasRank()) {
            return new TensorType[] {Inference.typed(x.dtype(), null)};
        }
        int[] dims = x.dims().clone();
        if (values.length < 2 || values[1] == null) {
            Arrays.fill(dims, -1);
            return new TensorType[] {Inference.typed(x.dtype(), dims)};
        }
        long[] repeats = values[1].toLongs();
        checkRepeats(repeats, dims.length);
        for (int d = 0; d < dims.length; d++) {
            dims[d] = dims[d] < 0 ? -1 : Math.multiplyExact(dims[d], (int) repeats[d]);
        }
        return new TensorType[] {Inference.typed(x.dtype(), dims)};
    }

    private static void checkRepeats(long[] repeats, int rank) {
        if (repeats.length != rank) {
            throw new IllegalArgumentException("repeats has " + repeats.length + " entries for rank " + rank);
        }
        for (long r : repeats) {
            if (r < 0 || r > Integer.MAX_VALUE) {
                throw new IllegalArgumentException("invalid repeat count " + r);
            }
        }
    }
}
