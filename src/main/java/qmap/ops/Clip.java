package qmap.ops;

import qmap.ir.Node;
import qmap.ir.Shapes;
import qmap.ir.Tensor;
import qmap.ir.TensorType;

/**
 * Clip: min(max(x, lo), hi) with optional scalar inputs lo and hi (so lo > hi gives hi, as in
 * numpy). Integer types compare as integers; NaN inputs stay NaN.
 */
public final class Clip implements Operator {
    private static final Max MAX = new Max();
    private static final Min MIN = new Min();

    @Override
    public Tensor[] run(Node node, Tensor[] in) {
        Tensor y = in[0];
        if (in.length > 1 && in[1] != null) {
            y = MAX.compute(y, scalar(in[1], "min"));
        }
        if (in.length > 2 && in[2] != null) {
            y = MIN.compute(y, scalar(in[2], "max"));
        }
        return new Tensor[] {y};
    }

    private static Tensor scalar(Tensor bound, String name) {
        if (bound.size() != 1) {
            throw new IllegalArgumentException(name + " must be a scalar, got shape " + Shapes.format(bound.shape()));
        }
        return bound.reshape(new int[0]);
    }

    @Override
    public TensorType[] infer(Node node, TensorType[] in, Tensor[] values) {
        return Inference.sameAsInput(node, in);
    }
}
