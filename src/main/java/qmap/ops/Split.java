package qmap.ops;

import java.util.Arrays;
import qmap.ir.Node;
import qmap.ir.Shapes;
import qmap.ir.Tensor;
import qmap.ir.TensorType;

/**
 * Split: cuts the input along {@code axis} into pieces, sized by the {@code split} input or
 * else into {@code num_outputs} (default: the node's output count) parts of ceil(dim / n),
 * the last one taking what remains.
 */
public final class Split implements Operator {
    @Override
    public Tensor[] run(Node node, Tensor[] in) {
        Tensor x = in[0];
        int[] shape = x.shape();
        int axis = Shapes.normalizeAxis(node.attrInt("axis", 0), shape.length);
        long[] given = in.length > 1 && in[1] != null ? in[1].toLongs() : null;
        int[] sizes = sizes(node, given, shape[axis]);
        int outer = Shapes.size(Arrays.copyOfRange(shape, 0, axis));
        int inner = Shapes.size(Arrays.copyOfRange(shape, axis + 1, shape.length));
        int rowLength = shape[axis] * inner;
        Tensor[] out = new Tensor[sizes.length];
        int start = 0;
        for (int k = 0; k < sizes.length; k++) {
            int[] pieceShape = shape.clone();
            pieceShape[axis] = sizes[k];
            int block = sizes[k] * inner;
            Object piece = IndexMap.allocate(x.dtype(), outer * block);
            for (int o = 0; o < outer; o++) {
                System.arraycopy(x.values(), o * rowLength + start * inner, piece, o * block, block);
            }
            out[k] = Tensor.wrapStorage(x.dtype(), pieceShape, piece);
            start += sizes[k];
        }
        return out;
    }

    @Override
    public TensorType[] infer(Node node, TensorType[] in, Tensor[] values) {
        TensorType x = in[0] == null ? TensorType.UNKNOWN : in[0];
        TensorType[] out = new TensorType[node.outputs().size()];
        if (!x.hasRank()) {
            Arrays.fill(out, Inference.typed(x.dtype(), null));
            return out;
        }
        int axis = Shapes.normalizeAxis(node.attrInt("axis", 0), x.rank());
        long[] given = values.length > 1 && values[1] != null ? values[1].toLongs() : null;
        boolean hasSplit = given != null || (in.length > 1 && in[1] != null);
        int dim = x.dims()[axis];
        int[] sizes = (hasSplit && given == null) || (given == null && dim < 0) ? null : sizes(node, given, dim);
        for (int k = 0; k < out.length; k++) {
            int[] dims = x.dims().clone();
            dims[axis] = sizes == null ? -1 : sizes[k];
            out[k] = Inference.typed(x.dtype(), dims);
        }
        return out;
    }

    private static int[] sizes(Node node, long[] given, int dim) {
        int outputs = node.outputs().size();
        if (given != null) {
            if (given.length != outputs) {
                throw new IllegalArgumentException("split has " + given.length + " sizes for " + outputs + " outputs");
            }
            long total = 0;
            int[] sizes = new int[given.length];
            for (int k = 0; k < given.length; k++) {
                if (given[k] < 0) {
                    throw new IllegalArgumentException("negative split size " + given[k]);
                }
                sizes[k] = (int) given[k];
                total += given[k];
            }
            if (total != dim) {
                throw new IllegalArgumentException("split sizes " + Arrays.toString(given) + " do not add up to " + dim);
            }
            return sizes;
        }
        int parts = (int) node.attrInt("num_outputs", outputs);
        if (parts != outputs || parts <= 0) {
            throw new IllegalArgumentException("num_outputs " + parts + " but the node has " + outputs + " outputs");
        }
        int chunk = (dim + parts - 1) / parts;
        int[] sizes = new int[parts];
        int left = dim;
        for (int k = 0; k < parts; k++) {
            sizes[k] = Math.min(chunk, left);
            left -= sizes[k];
        }
        return sizes;
    }
}
