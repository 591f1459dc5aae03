package qmap.ops;

import qmap.ir.Node;
import qmap.ir.Tensor;
import qmap.ir.TensorType;

/**
 * InstanceNormalization: each N x C plane is normalized by its own mean and population variance,
 * then scaled and shifted per channel: Y = scale * (X - mean) / sqrt(var + epsilon) + B.
 */
public final class InstanceNormalization implements Operator {
    @Override
    public Tensor[] run(Node node, Tensor[] in) {
        Tensor x = in[0];
        if (x.rank() < 3) {
            throw new IllegalArgumentException("expected N x C x D1..., got rank " + x.rank());
        }
        int batch = x.dim(0);
        int channels = x.dim(1);
        int planeSize = x.size() / Math.max(1, batch * channels);
        if (in[1].size() != channels || in[2].size() != channels) {
            throw new IllegalArgumentException("scale and B must hold one value per channel (" + channels + ")");
        }
        double[] scale = in[1].toDoubles();
        double[] bias = in[2].toDoubles();
        double epsilon = node.attrFloat("epsilon", 1e-5f);
        double[] xs = x.toDoubles();
        double[] y = new double[xs.length];
        for (int p = 0; p < batch * channels; p++) {
            int c = p % channels;
            int base = p * planeSize;
            double sum = 0;
            for (int i = base; i < base + planeSize; i++) {
                sum += xs[i];
            }
            double mean = sum / planeSize;
            double squares = 0;
            for (int i = base; i < base + planeSize; i++) {
                squares += (xs[i] - mean) * (xs[i] - mean);
            }
            double k = scale[c] / Math.sqrt(squares / planeSize + epsilon);
            for (int i = base; i < base + planeSize; i++) {
                y[i] = (xs[i] - mean) * k + bias[c];
            }
        }
        return new Tensor[] {Tensor.fromDoubles(x.dtype(), x.shape(), y)};
    }

    @Override
    public TensorType[] infer(Node node, TensorType[] in, Tensor[] values) {
        return Inference.sameAsInput(node, in);
    }
}
