package qmap.kernels;

import java.util.concurrent.ForkJoinPool;
import qmap.ir.DType;
import qmap.ir.Node;
import qmap.ir.Tensor;
import qmap.ops.Clip;
import qmap.ops.Workspace;

/**
 * Clip of a float32 tensor by float32 scalar bounds: min(max(x, lo), hi) with Java's NaN-wins
 * max and min, exactly the reference's result. Other types go to the reference.
 */
public final class FastClip extends FastKernel {

    public FastClip(Clip reference) {
        super(reference);
    }

    @Override
    public Tensor[] run(Node node, Tensor[] in, Workspace workspace) {
        ForkJoinPool pool = workspace.pool();
        Tensor x = in[0];
        Tensor lo = in.length > 1 ? in[1] : null;
        Tensor hi = in.length > 2 ? in[2] : null;
        if (x.dtype() != DType.FLOAT || !scalar(lo) || !scalar(hi)) {
            return reference.run(node, in);
        }
        float min = lo == null ? Float.NEGATIVE_INFINITY : lo.floats()[0];
        float max = hi == null ? Float.POSITIVE_INFINITY : hi.floats()[0];
        float[] a = x.floats();
        float[] out = workspace.floats(a.length);
        Rows.forEach(pool, 1, a.length, (row, from, to) -> {
            for (int i = from; i < to; i++) {
                out[i] = Math.min(Math.max(a[i], min), max);
            }
        });
        return new Tensor[] {Tensor.of(DType.FLOAT, x.shape(), out)};
    }

    private static boolean scalar(Tensor bound) {
        return bound == null || (bound.dtype() == DType.FLOAT && bound.size() == 1);
    }
}
