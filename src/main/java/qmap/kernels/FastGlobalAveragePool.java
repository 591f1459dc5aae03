package qmap.kernels;

import java.util.Arrays;
import java.util.concurrent.ForkJoinPool;
import qmap.ir.DType;
import qmap.ir.Node;
import qmap.ir.Tensor;
import qmap.ops.GlobalAveragePool;
import qmap.ops.Workspace;

/**
 * GlobalAveragePool of float32 N x C x ...: each plane summed in double in order and divided by
 * its size, as the reference does (so bit-identical), reading the floats in place; planes run
 * in parallel. Other types go to the reference.
 */
public final class FastGlobalAveragePool extends FastKernel {

    public FastGlobalAveragePool(GlobalAveragePool reference) {
        super(reference);
    }

    @Override
    public Tensor[] run(Node node, Tensor[] in, Workspace workspace) {
        ForkJoinPool pool = workspace.pool();
        Tensor x = in[0];
        if (x.dtype() != DType.FLOAT || x.rank() < 3 || x.size() == 0) {
            return reference.run(node, in);
        }
        int planes = x.dim(0) * x.dim(1);
        int planeSize = x.size() / planes;
        float[] xs = x.floats();
        float[] y = workspace.floats(planes);
        int perTask = Math.max(1, FastArithmetic.GRAIN / planeSize);
        Parallel.forEach(pool, (planes + perTask - 1) / perTask, t -> {
            for (int p = t * perTask; p < Math.min(planes, (t + 1) * perTask); p++) {
                double sum = 0;
                for (int i = p * planeSize; i < (p + 1) * planeSize; i++) {
                    sum += xs[i];
                }
                y[p] = (float) (sum / planeSize);
            }
        });
        int[] shape = x.shape().clone();
        Arrays.fill(shape, 2, shape.length, 1);
        return new Tensor[] {Tensor.of(DType.FLOAT, shape, y)};
    }
}
