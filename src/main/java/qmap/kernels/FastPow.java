package qmap.kernels;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;
import qmap.ir.DType;
import qmap.ir.Node;
import qmap.ir.Tensor;
import qmap.ops.Pow;
import qmap.ops.Workspace;

/**
 * Pow of float32 by a single exponent of 2 (a LayerNorm's square of the deviations) as x * x,
 * eight lanes at a time: the float product of x by itself is the square rounded once, the value
 * the reference's double Math.pow(x, 2) rounds to. rec's five squares over 40 x 120 took 0.4 ms
 * through Math.pow and a broadcast index per element. Other exponents and types go to the
 * reference.
 */
public final class FastPow extends FastKernel {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_256;

    public FastPow(Pow reference) {
        super(reference);
    }

    @Override
    public Tensor[] run(Node node, Tensor[] in, Workspace workspace) {
        Tensor x = in[0];
        Tensor e = in[1];
        if (x.dtype() != DType.FLOAT || e.dtype() != DType.FLOAT || e.size() != 1 || e.rank() > x.rank()
                || e.floats()[0] != 2f) {
            return reference.run(node, in);
        }
        float[] xs = x.floats();
        float[] y = workspace.floats(xs.length);
        int n = xs.length;
        int tasks = Parallel.chunks(n, FastArithmetic.GRAIN);
        int chunk = (n + tasks - 1) / tasks;
        Parallel.forEach(workspace.pool(), tasks, t -> {
            int from = t * chunk;
            int to = Math.min(n, from + chunk);
            int i = from;
            for (; i <= to - S.length(); i += S.length()) {
                FloatVector v = FloatVector.fromArray(S, xs, i);
                v.mul(v).intoArray(y, i);
            }
            for (; i < to; i++) {
                y[i] = xs[i] * xs[i];
            }
        });
        return new Tensor[] {Tensor.of(DType.FLOAT, x.shape(), y)};
    }
}
