package qmap.ops;

import java.util.Arrays;
import qmap.ir.DType;
import qmap.ir.Node;
import qmap.ir.Tensor;
import qmap.ir.TensorType;

/** ConstantOfShape: a tensor of the given shape filled with the one-element {@code value} (default float 0). */
public final class ConstantOfShape implements Operator {
    @Override
    public Tensor[] run(Node node, Tensor[] in) {
        int[] shape = dims(in[0].toLongs());
        Tensor value = value(node);
        // Every output element reads element 0 of the one-element value.
        return new Tensor[] {IndexMap.strided(shape, new int[shape.length], 0).take(value.reshape(new int[0]))};
    }

    @Override
    public TensorType[] infer(Node node, TensorType[] in, Tensor[] values) {
        DType dtype = value(node).dtype();
        if (values.length > 0 && values[0] != null) {
            return new TensorType[] {Inference.typed(dtype, dims(values[0].toLongs()))};
        }
        TensorType shape = in.length > 0 ? in[0] : null;
        if (shape == null || !shape.isStatic() || shape.rank() != 1) {
            return new TensorType[] {Inference.typed(dtype, null)};
        }
        int[] dims = new int[shape.dims()[0]];
        Arrays.fill(dims, -1);
        return new TensorType[] {Inference.typed(dtype, dims)};
    }

    private static Tensor value(Node node) {
        if (!node.hasAttr("value")) {
            return Tensor.scalar(0f);
        }
        Tensor v = node.attr("value").asTensor();
        if (v.size() != 1) {
            throw new IllegalArgumentException("value must hold one element, it holds " + v.size());
        }
        return v;
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
