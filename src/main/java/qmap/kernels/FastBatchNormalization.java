package qmap.kernels;

import java.util.concurrent.ForkJoinPool;
import qmap.ir.DType;
import qmap.ir.Node;
import qmap.ir.Tensor;
import qmap.ops.BatchNormalization;
import qmap.ops.Workspace;

/**
 * Inference BatchNormalization of float32 N x C x ...: the reference's per-element formula in
 * double, (x - mean) * scale / sqrt(var + epsilon) + B, without copying the input to doubles;
 * planes are the parallel tasks. Training mode and other types go to the reference.
 */
public final class FastBatchNormalization extends FastKernel {

    public FastBatchNormalization(BatchNormalization reference) {
        super(reference);
    }

    @Override
    public Tensor[] run(Node node, Tensor[] in, Workspace workspace) {
        ForkJoinPool pool = workspace.pool();
        Tensor x = in[0];
        if (!fits(node, in)) {
            return reference.run(node, in);
        }
        int channels = x.dim(1);
        int planes = x.dim(0) * channels;
        int planeSize = planes == 0 ? 0 : x.size() / planes;
        double[][] c = coefficients(node, in, channels);
        float[] xs = x.floats();
        float[] y = workspace.floats(xs.length);
        Rows.forEach(pool, planes, planeSize, (p, from, to) -> {
            int ch = p % channels;
            int at = p * planeSize + from;
            ElementwiseOps.batchNorm(xs, at, y, at, to - from, c[0][ch], c[1][ch], c[2][ch]);
        });
        return new Tensor[] {Tensor.of(DType.FLOAT, x.shape(), y)};
    }

    /** Per channel: scale / sqrt(var + epsilon), the mean and the bias, in double. */
    static double[][] coefficients(Node node, Tensor[] in, int channels) {
        double epsilon = node.attrFloat("epsilon", 1e-5f);
        double[][] c = new double[3][channels];
        for (int ch = 0; ch < channels; ch++) {
            c[0][ch] = in[1].getDouble(ch) / Math.sqrt(in[4].getDouble(ch) + epsilon);
            c[1][ch] = in[3].getDouble(ch);
            c[2][ch] = in[2].getDouble(ch);
        }
        return c;
    }

    /** Inference-mode batch normalization of float32 with one value per channel in each parameter. */
    static boolean fits(Node node, Tensor[] in) {
        Tensor x = in[0];
        return x.dtype() == DType.FLOAT && x.rank() >= 2 && node.attrInt("training_mode", 0) == 0
                && node.outputs().size() == 1 && perChannel(in, x.dim(1));
    }

    private static boolean perChannel(Tensor[] in, int channels) {
        if (in.length < 5) {
            return false;
        }
        for (int i = 1; i < 5; i++) {
            if (in[i] == null || in[i].size() != channels || in[i].dtype().storage() == DType.Storage.STRING) {
                return false;
            }
        }
        return true;
    }
}
