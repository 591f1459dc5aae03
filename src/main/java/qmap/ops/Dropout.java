package qmap.ops;

import java.util.Arrays;
import qmap.ir.DType;
import qmap.ir.Node;
import qmap.ir.Tensor;
import qmap.ir.TensorType;

/**
 * Dropout at inference: the output is the input and the optional mask is all true. Training
 * mode with a nonzero ratio drops elements at random, which a reference executor meant to be
 * reproducible does not do.
 */
public final class Dropout implements Operator {
    @Override
    public Tensor[] run(Node node, Tensor[] in) {
        Tensor x = in[0];
        boolean training = in.length > 2 && in[2] != null && in[2].getLong(0) != 0;
        double ratio = in.length > 1 && in[1] != null ? in[1].getDouble(0) : 0.5;
        if (training && ratio != 0) {
            throw new IllegalArgumentException("training-mode Dropout (ratio " + ratio
                    + ") is random; qmap executes inference graphs");
        }
        if (node.outputs().size() < 2) {
            return new Tensor[] {x};
        }
        long[] ones = new long[x.size()];
        Arrays.fill(ones, 1);
        return new Tensor[] {x, Tensor.of(DType.BOOL, x.shape(), ones)};
    }

    @Override
    public TensorType[] infer(Node node, TensorType[] in, Tensor[] values) {
        TensorType x = in[0] == null ? TensorType.UNKNOWN : in[0];
        if (node.outputs().size() < 2) {
            return new TensorType[] {x};
        }
        return new TensorType[] {x, new TensorType(DType.BOOL, x.dims(), x.dimNames())};
    }
}
