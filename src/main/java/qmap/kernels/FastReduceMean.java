package qmap.kernels;

import java.util.Arrays;
import qmap.ir.DType;
import qmap.ir.Node;
import qmap.ir.Tensor;
import qmap.ops.ReduceMean;
import qmap.ops.Reduction;
import qmap.ops.Workspace;

/**
 * ReduceMean of float32 over trailing axes (a transformer's LayerNorm reduces the last one):
 * each run of the reduced elements summed in double ({@link FastGlobalAveragePool#sum}, within a
 * few double ulp of the reference's single running sum) and divided by its length; the runs in
 * parallel. The reference maps every input element to its output through an index array made
 * on each call: rec's ten means over 40 x 120 took 0.5 ms. Other axes and types go to the
 * reference.
 */
public final class FastReduceMean extends FastKernel {
    public FastReduceMean(ReduceMean reference) {
        super(reference);
    }

    @Override
    public Tensor[] run(Node node, Tensor[] in, Workspace workspace) {
        Tensor x = in[0];
        if (x.dtype() != DType.FLOAT || x.size() == 0) {
            return reference.run(node, in);
        }
        int[] shape = x.shape();
        boolean[] reduced = Reduction.reducedAxes(node, in.length > 1 ? in[1] : null, shape.length);
        // the reduced axes must be a non-empty suffix: each output is then a run of consecutive inputs
        int first = shape.length;
        while (first > 0 && reduced[first - 1]) {
            first--;
        }
        for (int d = 0; d < first; d++) {
            if (reduced[d]) {
                return reference.run(node, in);
            }
        }
        if (first == shape.length) {
            return reference.run(node, in);
        }
        int outer = 1;
        for (int d = 0; d < first; d++) {
            outer *= shape[d];
        }
        int count = x.size() / outer;
        float[] xs = x.floats();
        float[] y = workspace.floats(outer);
        int perTask = Math.max(1, FastArithmetic.GRAIN / count);
        int rows = outer;
        Parallel.forEach(workspace.pool(), (rows + perTask - 1) / perTask, t -> {
            for (int r = t * perTask; r < Math.min(rows, (t + 1) * perTask); r++) {
                y[r] = (float) (FastGlobalAveragePool.sum(xs, r * count, count) / count);
            }
        });
        int[] out = node.attrInt("keepdims", 1) != 0 ? shape.clone() : Arrays.copyOf(shape, first);
        Arrays.fill(out, first, out.length, 1);
        return new Tensor[] {Tensor.of(DType.FLOAT, out, y)};
    }
}
