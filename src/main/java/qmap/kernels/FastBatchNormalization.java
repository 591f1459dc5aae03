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
        if (x.dtype() != DType.FLOAT || x.rank() < 2 || node.attrInt("training_mode", 0) != 0
                || node.outputs().size() > 1 || !perChannel(in, x.dim(1))) {
            return reference.run(node, in);
        }
        int channels = x.dim(1);
        int planes = x.dim(0) * channels;
        int planeSize = planes == 0 ? 0 : x.size() / planes;
        double epsilon = node.attrFloat("epsilon", 1e-5f);
        double[] k = new double[channels];
        double[] mean = new double[channels];
        double[] bias = new double[channels];
        for (int c = 0; c < channels; c++) {
            k[c] = in[1].getDouble(c) / Math.sqrt(in[4].getDouble(c) + epsilon);
            mean[c] = in[3].getDouble(c);
            bias[c] = in[2].getDouble(c);
        }
        float[] xs = x.floats();
        float[] y = workspace.floats(xs.length);
        Rows.forEach(pool, planes, planeSize, (p, from, to) -> {
            int c = p % channels;
            int base = p * planeSize;
            double kc = k[c];
            double mc = mean[c];
            double bc = bias[c];
            for (int i = base + from; i < base + to; i++) {
                y[i] = (float) ((xs[i] - mc) * kc + bc);
            }
        });
        return new Tensor[] {Tensor.of(DType.FLOAT, x.shape(), y)};
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
