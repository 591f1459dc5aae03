package qmap.ops;

import qmap.ir.DType;
import qmap.ir.Node;
import qmap.ir.Tensor;
import qmap.ir.TensorType;

/**
 * BatchNormalization over channel axis 1: Y = scale * (X - mean) / sqrt(var + epsilon) + B.
 * Inference uses input_mean and input_var. With training_mode=1 the statistics are the batch's
 * own (mean and population variance over every axis but 1), and the optional outputs
 * running_mean and running_var blend the inputs with them by momentum.
 */
public final class BatchNormalization implements Operator {
    @Override
    public Tensor[] run(Node node, Tensor[] in) {
        Tensor x = in[0];
        if (x.rank() < 2) {
            throw new IllegalArgumentException("expected N x C x ..., got rank " + x.rank());
        }
        int batch = x.dim(0);
        int channels = x.dim(1);
        int planeSize = x.size() / Math.max(1, batch * channels);
        double[] scale = perChannel(in[1], "scale", channels);
        double[] bias = perChannel(in[2], "B", channels);
        double[] mean = perChannel(in[3], "input_mean", channels);
        double[] var = perChannel(in[4], "input_var", channels);
        double epsilon = node.attrFloat("epsilon", 1e-5f);
        boolean training = node.attrInt("training_mode", 0) != 0;
        double[] xs = x.toDoubles();
        double[] useMean = mean;
        double[] useVar = var;
        if (training) {
            useMean = new double[channels];
            useVar = new double[channels];
            batchStatistics(xs, batch, channels, planeSize, useMean, useVar);
        }
        double[] y = new double[xs.length];
        for (int n = 0; n < batch; n++) {
            for (int c = 0; c < channels; c++) {
                double k = scale[c] / Math.sqrt(useVar[c] + epsilon);
                int base = (n * channels + c) * planeSize;
                for (int i = base; i < base + planeSize; i++) {
                    y[i] = (xs[i] - useMean[c]) * k + bias[c];
                }
            }
        }
        Tensor[] out = new Tensor[node.outputs().size()];
        out[0] = Tensor.fromDoubles(x.dtype(), x.shape(), y);
        if (training && out.length > 1) {
            double momentum = node.attrFloat("momentum", 0.9f);
            out[1] = Tensor.fromDoubles(in[3].dtype(), in[3].shape(), blend(mean, useMean, momentum));
            if (out.length > 2) {
                out[2] = Tensor.fromDoubles(in[4].dtype(), in[4].shape(), blend(var, useVar, momentum));
            }
        }
        return out;
    }

    private static double[] perChannel(Tensor t, String name, int channels) {
        if (t == null || t.size() != channels) {
            throw new IllegalArgumentException(name + " must hold one value per channel (" + channels + ")");
        }
        return t.toDoubles();
    }

    private static void batchStatistics(double[] xs, int batch, int channels, int planeSize,
                                        double[] mean, double[] var) {
        double count = (double) batch * planeSize;
        for (int c = 0; c < channels; c++) {
            double sum = 0;
            for (int n = 0; n < batch; n++) {
                int base = (n * channels + c) * planeSize;
                for (int i = base; i < base + planeSize; i++) {
                    sum += xs[i];
                }
            }
            mean[c] = sum / count;
            double squares = 0;
            for (int n = 0; n < batch; n++) {
                int base = (n * channels + c) * planeSize;
                for (int i = base; i < base + planeSize; i++) {
                    squares += (xs[i] - mean[c]) * (xs[i] - mean[c]);
                }
            }
            var[c] = squares / count;
        }
    }

    private static double[] blend(double[] running, double[] current, double momentum) {
        double[] out = new double[running.length];
        for (int c = 0; c < out.length; c++) {
            out[c] = running[c] * momentum + current[c] * (1 - momentum);
        }
        return out;
    }

    @Override
    public TensorType[] infer(Node node, TensorType[] in, Tensor[] values) {
        TensorType[] out = new TensorType[node.outputs().size()];
        out[0] = in[0] == null ? TensorType.UNKNOWN : in[0];
        for (int i = 1; i < out.length; i++) {
            TensorType stat = in.length > i + 2 ? in[i + 2] : null;
            out[i] = stat == null ? TensorType.UNKNOWN : stat;
        }
        return out;
    }
}
