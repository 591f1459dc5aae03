package qmap.kernels;

import java.util.Random;
import java.util.concurrent.ForkJoinPool;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import qmap.ir.Node;
import qmap.ir.Tensor;
import qmap.ops.MatMul;

/** FastMatMul against the reference MatMul: plain, batched, broadcast batches, odd sizes, kept packed B, 1-D fallback. */
class FastMatMulTest {
    private static final MatMul REFERENCE = new MatMul();
    private static final FastMatMul FAST = new FastMatMul(REFERENCE);
    private static final ForkJoinPool POOL = new ForkJoinPool(2);
    private static final Node NODE = Node.builder("MatMul").name("m").inputs("a", "b").outputs("y").build();
    private final Random rnd = new Random(13);

    @AfterAll
    static void stopPool() {
        POOL.shutdown();
    }

    private void check(int[] a, int[] b) {
        Tensor[] in = {KernelCheck.random(rnd, a), KernelCheck.random(rnd, b)};
        String what = java.util.Arrays.toString(a) + " x " + java.util.Arrays.toString(b);
        Tensor ref = REFERENCE.run(NODE, in)[0];
        Tensor serial = FAST.run(NODE, in)[0];
        KernelCheck.assertClose(ref, serial, what);
        KernelCheck.assertSame(serial, FAST.run(NODE, in, POOL)[0], what + " (pool)");
    }

    @Test
    void matricesOfOddSizes() {
        check(new int[] {1, 1}, new int[] {1, 1});
        check(new int[] {7, 5}, new int[] {5, 3});
        check(new int[] {40, 120}, new int[] {120, 6625});
        check(new int[] {33, 700}, new int[] {700, 17});
        check(new int[] {130, 64}, new int[] {64, 300});
        check(new int[] {30, 300}, new int[] {300, 64});
    }

    /**
     * A B that is not the executor's to recycle is packed once and kept (rows above 24, so not
     * ChannelGemm's): a second product with the same B, new A, matches the reference too.
     */
    @Test
    void aKeptPackedBServesTheNextProducts() {
        Tensor b = KernelCheck.random(rnd, new int[] {300, 50});
        for (int run = 0; run < 3; run++) {
            Tensor[] in = {KernelCheck.random(rnd, new int[] {31, 300}), b};
            Tensor ref = REFERENCE.run(NODE, in)[0];
            KernelCheck.assertClose(ref, FAST.run(NODE, in)[0], "run " + run);
            KernelCheck.assertClose(ref, FAST.run(NODE, in, POOL)[0], "run " + run + " (pool)");
        }
    }

    @Test
    void batchedAndBroadcastBatches() {
        check(new int[] {1, 40, 120}, new int[] {120, 97});
        check(new int[] {2, 8, 40, 15}, new int[] {2, 8, 15, 40});
        check(new int[] {3, 1, 6, 5}, new int[] {1, 4, 5, 9});
        check(new int[] {5, 6}, new int[] {3, 6, 7});
    }

    @Test
    void vectorsGoToTheReference() {
        check(new int[] {2, 5}, new int[] {5});
        check(new int[] {5}, new int[] {4, 5, 3});
    }
}
