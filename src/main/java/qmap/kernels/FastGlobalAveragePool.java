package qmap.kernels;

import java.util.Arrays;
import java.util.concurrent.ForkJoinPool;
import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;
import qmap.ir.DType;
import qmap.ir.Node;
import qmap.ir.Tensor;
import qmap.ops.GlobalAveragePool;
import qmap.ops.Workspace;

/**
 * GlobalAveragePool of float32 N x C x ...: each plane summed in double ({@link #sum}: four
 * running sums, where the reference keeps one, so within a few double ulp of it) and divided by
 * its size; planes run in parallel. Other types go to the reference.
 */
public final class FastGlobalAveragePool extends FastKernel {
    /** 256-bit only: a 128-bit FloatVector anywhere spoils the type profiles of the 256-bit kernels (see ElementwiseOps#batchNorm). */
    private static final VectorSpecies<Float> F = FloatVector.SPECIES_256;
    private static final VectorSpecies<Double> D = DoubleVector.SPECIES_256;

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
                y[p] = (float) (sum(xs, p * planeSize, planeSize) / planeSize);
            }
        });
        int[] shape = x.shape().clone();
        Arrays.fill(shape, 2, shape.length, 1);
        return new Tensor[] {Tensor.of(DType.FLOAT, shape, y)};
    }

    /**
     * The sum of n floats from a[from] in double: four lanes of running sums over elements
     * i, i + 4, ... (then added lane 0 to 3) and the tail in order, a fixed order for any thread count.
     */
    static double sum(float[] a, int from, int n) {
        DoubleVector acc = DoubleVector.zero(D);
        int bound = F.loopBound(n);
        int i = 0;
        // eight floats a time, added as elements i..i+3 then i+4..i+7: the same order as four at a time
        for (; i < bound; i += F.length()) {
            FloatVector v = FloatVector.fromArray(F, a, from + i);
            acc = acc.add(v.convertShape(VectorOperators.F2D, D, 0));
            acc = acc.add(v.convertShape(VectorOperators.F2D, D, 1));
        }
        if (i + D.length() <= n) {
            acc = acc.add(DoubleVector.fromArray(D, new double[] {a[from + i], a[from + i + 1], a[from + i + 2],
                a[from + i + 3]}, 0));
            i += D.length();
        }
        double sum = acc.lane(0) + acc.lane(1) + acc.lane(2) + acc.lane(3);
        for (; i < n; i++) {
            sum += a[from + i];
        }
        return sum;
    }
}
