package qmap.kernels;

import java.util.Random;
import java.util.concurrent.ForkJoinPool;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import qmap.ir.Attribute;
import qmap.ir.Node;
import qmap.ir.Tensor;
import qmap.ops.BatchNormalization;
import qmap.ops.GlobalAveragePool;

/**
 * FastBatchNormalization and FastGlobalAveragePool against the reference ops: batch
 * normalization is the same double formula, so bit-identical; the pool's double sum runs in four
 * lanes, so it is close (and identical for any thread count).
 */
class FastNormalizationAndPoolingTest {
    private static final ForkJoinPool POOL = new ForkJoinPool(2);
    private final Random rnd = new Random(17);

    @AfterAll
    static void stopPool() {
        POOL.shutdown();
    }

    @Test
    void batchNormalizationInInferenceMode() {
        BatchNormalization reference = new BatchNormalization();
        FastBatchNormalization fast = new FastBatchNormalization(reference);
        Node node = Node.builder("BatchNormalization").name("bn").inputs("x", "s", "b", "m", "v").outputs("y")
                .attr("epsilon", Attribute.ofFloat(1e-3f)).build();
        for (int[] shape : new int[][] {{1, 24, 320, 33}, {3, 5, 7, 9}, {2, 6}, {2, 4, 11}}) {
            int c = shape[1];
            Tensor var = KernelCheck.random(rnd, c);
            float[] positive = var.floats().clone();
            for (int i = 0; i < c; i++) {
                positive[i] = Math.abs(positive[i]) + 0.01f;
            }
            Tensor[] in = {KernelCheck.random(rnd, shape), KernelCheck.random(rnd, c), KernelCheck.random(rnd, c),
                KernelCheck.random(rnd, c), Tensor.ofFloats(new int[] {c}, positive)};
            Tensor ref = reference.run(node, in)[0];
            KernelCheck.assertSame(ref, fast.run(node, in)[0], "bn " + java.util.Arrays.toString(shape));
            KernelCheck.assertSame(ref, fast.run(node, in, POOL)[0], "bn (pool)");
        }
    }

    @Test
    void globalAveragePoolOverPlanes() {
        GlobalAveragePool reference = new GlobalAveragePool();
        FastGlobalAveragePool fast = new FastGlobalAveragePool(reference);
        Node node = Node.builder("GlobalAveragePool").name("g").inputs("x").outputs("y").build();
        for (int[] shape : new int[][] {{1, 96, 80, 80}, {2, 3, 5, 7}, {1, 480, 1, 1}, {2, 5, 9}, {1, 3, 3, 5}}) {
            Tensor[] in = {KernelCheck.random(rnd, shape)};
            Tensor ref = reference.run(node, in)[0];
            Tensor serial = fast.run(node, in)[0];
            KernelCheck.assertClose(ref, serial, "gap " + java.util.Arrays.toString(shape));
            KernelCheck.assertSame(serial, fast.run(node, in, POOL)[0], "gap (pool)");
        }
    }

    /** The plane sum's order, whatever vector width does it: four lanes over i, i + 4, ..., then the tail. */
    @Test
    void globalAveragePoolSumsInFourLanes() {
        for (int n : new int[] {0, 3, 4, 7, 8, 13, 15, 64, 101}) {
            float[] a = KernelCheck.random(rnd, n + 2).floats();
            double[] lanes = new double[4];
            int i = 0;
            for (; i + 4 <= n; i += 4) {
                for (int l = 0; l < 4; l++) {
                    lanes[l] += a[1 + i + l];
                }
            }
            double expected = lanes[0] + lanes[1] + lanes[2] + lanes[3];
            for (; i < n; i++) {
                expected += a[1 + i];
            }
            org.junit.jupiter.api.Assertions.assertEquals(expected, FastGlobalAveragePool.sum(a, 1, n), 0.0, "n=" + n);
        }
    }
}
