package qmap.kernels;

import java.util.Random;
import java.util.concurrent.ForkJoinPool;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import qmap.ir.Attribute;
import qmap.ir.DType;
import qmap.ir.Node;
import qmap.ir.Tensor;
import qmap.ops.ReduceMean;
import qmap.ops.Workspace;

/** FastReduceMean against the reference ReduceMean: trailing axes kept or dropped, other axes, all axes, one thread and two. */
class FastReduceMeanTest {
    private static final ReduceMean REFERENCE = new ReduceMean();
    private static final FastReduceMean FAST = new FastReduceMean(REFERENCE);
    private static final ForkJoinPool POOL = new ForkJoinPool(2);
    private final Random rnd = new Random(5);

    @AfterAll
    static void stopPool() {
        POOL.shutdown();
    }

    private void check(int[] shape, long[] axes, int keepdims) {
        Node node = Node.builder("ReduceMean").name("r").inputs("x", "axes").outputs("y")
                .attr("keepdims", Attribute.ofInt(keepdims)).build();
        Tensor x = KernelCheck.random(rnd, shape);
        // an offset keeps the means away from zero, where a relative check says nothing
        float[] v = x.floats().clone();
        for (int i = 0; i < v.length; i++) {
            v[i] += 0.75f;
        }
        Tensor[] in = {Tensor.ofFloats(shape, v), Tensor.of(DType.INT64, new int[] {axes.length}, axes)};
        String what = java.util.Arrays.toString(shape) + " axes " + java.util.Arrays.toString(axes) + " keepdims "
                + keepdims;
        Tensor ref = REFERENCE.run(node, in)[0];
        Tensor serial = FAST.run(node, in, Workspace.SERIAL)[0];
        KernelCheck.assertClose(ref, serial, what);
        KernelCheck.assertSame(serial, FAST.run(node, in, Workspace.of(POOL))[0], what + " (pool)");
    }

    @Test
    void trailingAxes() {
        check(new int[] {1, 40, 120}, new long[] {-1}, 1);
        check(new int[] {1, 40, 120}, new long[] {2}, 0);
        check(new int[] {2, 3, 5, 7}, new long[] {3, 2}, 1);
        check(new int[] {3, 1, 9}, new long[] {-1, -2}, 0);
        check(new int[] {5000, 3}, new long[] {1}, 1);
        check(new int[] {4, 1}, new long[] {1}, 0);
        // all axes, named or by an empty axes input: one mean of everything
        check(new int[] {2, 3, 5}, new long[] {0, 1, 2}, 0);
        check(new int[] {2, 3, 5}, new long[] {}, 1);
    }

    @Test
    void otherAxesGoToTheReference() {
        check(new int[] {2, 3, 5}, new long[] {1}, 1);
        check(new int[] {2, 3, 5}, new long[] {0, 2}, 0);
    }
}
