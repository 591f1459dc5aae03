package qmap.ops;

import java.util.Arrays;
import qmap.ir.Node;
import qmap.ir.Shapes;
import qmap.ir.Tensor;
import qmap.ir.TensorType;

/**
 * Gather: picks entries of {@code data} along {@code axis} by {@code indices} (negative ones
 * count from the back). The output shape is data[:axis] + indices + data[axis+1:].
 */
public final class Gather implements Operator {
    @Override
    public Tensor[] run(Node node, Tensor[] in) {
        Tensor data = in[0];
        Tensor indices = in[1];
        int[] shape = data.shape();
        int axis = Shapes.normalizeAxis(node.attrInt("axis", 0), shape.length);
        int dim = shape[axis];
        int outer = Shapes.size(Arrays.copyOfRange(shape, 0, axis));
        int inner = Shapes.size(Arrays.copyOfRange(shape, axis + 1, shape.length));
        long[] idx = indices.toLongs();
        int[] rows = new int[idx.length];
        for (int j = 0; j < idx.length; j++) {
            long r = idx[j] < 0 ? idx[j] + dim : idx[j];
            if (r < 0 || r >= dim) {
                throw new IllegalArgumentException("index " + idx[j] + " out of range for axis " + axis
                        + " of size " + dim);
            }
            rows[j] = (int) r;
        }
        Object out = IndexMap.allocate(data.dtype(), outer * rows.length * inner);
        for (int o = 0; o < outer; o++) {
            for (int j = 0; j < rows.length; j++) {
                System.arraycopy(data.values(), (o * dim + rows[j]) * inner, out, (o * rows.length + j) * inner, inner);
            }
        }
        return new Tensor[] {Tensor.wrapStorage(data.dtype(), outShape(shape, indices.shape(), axis), out)};
    }

    @Override
    public TensorType[] infer(Node node, TensorType[] in, Tensor[] values) {
        TensorType data = in[0] == null ? TensorType.UNKNOWN : in[0];
        TensorType indices = in.length > 1 && in[1] != null ? in[1] : TensorType.UNKNOWN;
        if (!data.hasRank() || !indices.hasRank()) {
            return new TensorType[] {Inference.typed(data.dtype(), null)};
        }
        int axis = Shapes.normalizeAxis(node.attrInt("axis", 0), data.rank());
        return new TensorType[] {Inference.typed(data.dtype(), outShape(data.dims(), indices.dims(), axis))};
    }

    private static int[] outShape(int[] data, int[] indices, int axis) {
        int[] out = new int[data.length - 1 + indices.length];
        System.arraycopy(data, 0, out, 0, axis);
        System.arraycopy(indices, 0, out, axis, indices.length);
        System.arraycopy(data, axis + 1, out, axis + indices.length, data.length - axis - 1);
        return out;
    }
}
