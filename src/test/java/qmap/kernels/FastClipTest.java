package qmap.kernels;

import java.util.Random;
import java.util.concurrent.ForkJoinPool;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import qmap.ir.Node;
import qmap.ir.Tensor;
import qmap.ops.Clip;

/** FastClip against the reference Clip: bit-identical, NaN and crossed bounds included. */
class FastClipTest {
    private static final Clip REFERENCE = new Clip();
    private static final FastClip FAST = new FastClip(REFERENCE);
    private static final ForkJoinPool POOL = new ForkJoinPool(2);

    @AfterAll
    static void stopPool() {
        POOL.shutdown();
    }

    @Test
    void boundsPresentAbsentAndCrossed() {
        Random rnd = new Random(5);
        float[] v = KernelCheck.random(rnd, 1, 16, 64, 65).floats().clone();
        v[3] = Float.NaN;
        v[4] = -0f;
        v[5] = Float.POSITIVE_INFINITY;
        Tensor x = Tensor.ofFloats(new int[] {1, 16, 64, 65}, v);
        Tensor[][] cases = {
            {x, Tensor.scalar(0f), Tensor.scalar(0.5f)},
            {x, Tensor.scalar(-0.25f)},
            {x, null, Tensor.scalar(0.25f)},
            {x, Tensor.scalar(0.5f), Tensor.scalar(-0.5f)},
            {x, Tensor.ofFloats(new int[] {1}, 0f), Tensor.scalar(6f)},
            {x},
        };
        for (Tensor[] in : cases) {
            Node node = Node.builder("Clip").name("c").inputs("x", "lo", "hi").outputs("y").build();
            Tensor ref = REFERENCE.run(node, in)[0];
            KernelCheck.assertSame(ref, FAST.run(node, in)[0], "clip with " + in.length + " inputs");
            KernelCheck.assertSame(ref, FAST.run(node, in, POOL)[0], "clip (pool)");
        }
    }
}
