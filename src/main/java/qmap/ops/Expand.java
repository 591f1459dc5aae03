package qmap.ops;

import java.util.Arrays;
import qmap.ir.Node;
import qmap.ir.Shapes;
import qmap.ir.Tensor;
import qmap.ir.TensorType;

/**
 * Expand: broadcasts the input against {@code shape} numpy-style; the result is the broadcast
 * of both, so a 1 in {@code shape} keeps the input's dim.
 */
public final class Expand implements Operator {
    @Override
    public Tensor[] run(Node node, Tensor[] in) {
        Tensor x = in[0];
        int[] target = dims(in[1].toLongs());
        int[] out = Shapes.broadcast(x.shape(), target);
        if (out == null) {
            throw new IllegalArgumentException("cannot expand " + Shapes.format(x.shape()) + " to "
                    + Arrays.toString(target));
        }
        return new Tensor[] {IndexMap.strided(out, Shapes.broadcastStrides(x.shape(), out), 0).take(x)};
    }

    @Override
    public TensorType[] infer(Node node, TensorType[] in, Tensor[] values) {
        TensorType x = in[0] == null ? TensorType.UNKNOWN : in[0];
        if (!x.hasRank()) {
            return new TensorType[] {Inference.typed(x.dtype(), null)};
        }
        if (values.length > 1 && values[1] != null) {
            TensorType target = TensorType.of(x.dtype(), dims(values[1].toLongs()));
            return new TensorType[] {Inference.typed(x.dtype(), Inference.broadcastDims(new TensorType[] {x, target}))};
        }
        TensorType shape = in.length > 1 ? in[1] : null;
        if (shape == null || !shape.isStatic() || shape.rank() != 1) {
            return new TensorType[] {Inference.typed(x.dtype(), null)};
        }
        int[] dims = new int[Math.max(x.rank(), shape.dims()[0])];
        Arrays.fill(dims, -1);
        return new TensorType[] {Inference.typed(x.dtype(), dims)};
    }

    private static int[] dims(long[] shape) {
        int[] d = new int[shape.length];
        for (int i = 0; i < shape.length; i++) {
            if (shape[i] < 0 || shape[i] > Integer.MAX_VALUE) {
                throw new IllegalArgumentException("invalid dim " + shape[i] + " in shape " + Arrays.toString(shape));
            }
            d[i] = (int) shape[i];
        }
        return d;
    }
}
