package qmap.kernels;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;
import qmap.ir.DType;
import qmap.ir.Node;
import qmap.ir.Shapes;
import qmap.ir.Tensor;
import qmap.ops.Softmax;
import qmap.ops.Workspace;

/**
 * Softmax of float32 along the last axis: per row the maximum (in eight lanes), e^(x - max) in float32
 * ({@link ElementwiseOps#expNonPositive}), their sum in eight lanes then in order, and each e
 * divided by the sum; rows run in parallel. Within a few ulp of the reference's double
 * arithmetic. Other axes and types go to the reference.
 */
public final class FastSoftmax extends FastKernel {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_256;

    public FastSoftmax(Softmax reference) {
        super(reference);
    }

    @Override
    public Tensor[] run(Node node, Tensor[] in, Workspace workspace) {
        Tensor x = in[0];
        if (x.dtype() != DType.FLOAT || x.rank() == 0 || x.size() == 0
                || Shapes.normalizeAxis(node.attrInt("axis", -1), x.rank()) != x.rank() - 1) {
            return reference.run(node, in);
        }
        int len = x.dim(-1);
        int rows = x.size() / len;
        float[] xs = x.floats();
        float[] y = workspace.floats(xs.length);
        int perTask = Math.max(1, FastArithmetic.GRAIN / len);
        Parallel.forEach(workspace.pool(), (rows + perTask - 1) / perTask, t -> {
            for (int r = t * perTask; r < Math.min(rows, (t + 1) * perTask); r++) {
                row(xs, y, r * len, len);
            }
        });
        return new Tensor[] {Tensor.of(DType.FLOAT, x.shape(), y)};
    }

    private static void row(float[] x, float[] y, int from, int len) {
        // the maximum eight lanes at a time: Math.max's result does not depend on the order (NaN
        // wins, +0 over -0), and the scalar loop, which C2 does not vectorize, was most of the op
        int bound = S.loopBound(len);
        FloatVector vmax = FloatVector.broadcast(S, Float.NEGATIVE_INFINITY);
        int i = 0;
        for (; i < bound; i += S.length()) {
            vmax = vmax.max(FloatVector.fromArray(S, x, from + i));
        }
        float max = vmax.reduceLanes(VectorOperators.MAX);
        for (; i < len; i++) {
            max = Math.max(max, x[from + i]);
        }
        FloatVector vm = FloatVector.broadcast(S, max);
        for (i = 0; i < bound; i += S.length()) {
            FloatVector.fromArray(S, x, from + i).sub(vm).intoArray(y, from + i);
        }
        for (; i < len; i++) {
            y[from + i] = x[from + i] - max;
        }
        ElementwiseOps.expNonPositive(y, from, y, from, len);
        FloatVector acc = FloatVector.zero(S);
        i = 0;
        for (; i < bound; i += S.length()) {
            acc = acc.add(FloatVector.fromArray(S, y, from + i));
        }
        // lanes added in a fixed order (reduceLanes leaves the order of float additions open)
        float sum = 0;
        for (int lane = 0; lane < S.length(); lane++) {
            sum += acc.lane(lane);
        }
        for (; i < len; i++) {
            sum += y[from + i];
        }
        FloatVector vsum = FloatVector.broadcast(S, sum);
        for (i = 0; i < bound; i += S.length()) {
            FloatVector.fromArray(S, y, from + i).div(vsum).intoArray(y, from + i);
        }
        for (; i < len; i++) {
            y[from + i] /= sum;
        }
    }
}
