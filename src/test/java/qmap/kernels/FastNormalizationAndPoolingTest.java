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
import qmap.ops.MaxPool;

/**
 * FastBatchNormalization, FastGlobalAveragePool and FastMaxPool against the reference ops: batch
 * normalization is the same double formula and a maximum is a choice of inputs, so both are
 * bit-identical; the average's double sum runs in four lanes, so it is close (and identical for
 * any thread count).
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

    /**
     * MaxPool windows bit for bit: cls's 2 x 2 stride 2, padding, strides, dilations, ceil_mode
     * and auto_pad; NaN ignored, -0.0 before 0.0 kept (the first of equals), a window of NaN
     * only giving -infinity; the Indices output and other ranks handed to the reference.
     */
    @Test
    void maxPoolWindows() {
        MaxPool reference = new MaxPool();
        FastMaxPool fast = new FastMaxPool(reference);
        Object[][] cases = {
            {new int[] {1, 200, 2, 96}, new long[] {2, 2}, new long[] {2, 2}, null, null, 0L, null},
            {new int[] {2, 3, 9, 11}, new long[] {3, 3}, new long[] {1, 1}, new long[] {1, 1, 1, 1}, null, 0L, null},
            {new int[] {1, 4, 10, 13}, new long[] {3, 2}, new long[] {2, 3}, new long[] {1, 0, 2, 1}, null, 1L, null},
            {new int[] {1, 2, 12, 12}, new long[] {3, 3}, new long[] {2, 1}, new long[] {2, 1, 2, 1},
                new long[] {2, 3}, 0L, null},
            {new int[] {1, 3, 7, 8}, new long[] {2, 3}, new long[] {2, 2}, null, null, 0L, "SAME_UPPER"},
            {new int[] {1, 3, 7, 8}, new long[] {3, 2}, new long[] {2, 2}, null, null, 0L, "SAME_LOWER"},
        };
        for (Object[] c : cases) {
            Node.Builder b = Node.builder("MaxPool").name("mp").inputs("x").outputs("y")
                    .attr("kernel_shape", Attribute.ofInts((long[]) c[1])).attr("strides", Attribute.ofInts((long[]) c[2]))
                    .attr("ceil_mode", Attribute.ofInt((long) c[5]));
            if (c[3] != null) {
                b.attr("pads", Attribute.ofInts((long[]) c[3]));
            }
            if (c[4] != null) {
                b.attr("dilations", Attribute.ofInts((long[]) c[4]));
            }
            if (c[6] != null) {
                b.attr("auto_pad", Attribute.ofString((String) c[6]));
            }
            Node node = b.build();
            int[] shape = (int[]) c[0];
            float[] v = KernelCheck.random(rnd, shape).floats();
            for (int i = 0; i < v.length; i += 7) {
                v[i] = i % 3 == 0 ? Float.NaN : i % 3 == 1 ? -0.0f : 0.0f;
            }
            Tensor[] in = {Tensor.ofFloats(shape, v)};
            String what = "maxpool " + java.util.Arrays.toString(shape) + " " + node.attributes();
            Tensor ref = reference.run(node, in)[0];
            KernelCheck.assertSame(ref, fast.run(node, in)[0], what);
            KernelCheck.assertSame(ref, fast.run(node, in, POOL)[0], what + " (pool)");
        }
        // ties and NaN only: a 2 x 2 window of -0.0, 0.0, NaN, NaN, and one of NaN only
        Node two = Node.builder("MaxPool").name("mp").inputs("x").outputs("y")
                .attr("kernel_shape", Attribute.ofInts(2, 2)).attr("strides", Attribute.ofInts(2, 2)).build();
        Tensor[] in = {Tensor.ofFloats(new int[] {1, 1, 2, 4},
            new float[] {-0.0f, 0.0f, Float.NaN, Float.NaN, Float.NaN, Float.NaN, Float.NaN, Float.NaN})};
        Tensor ref = reference.run(two, in)[0];
        org.junit.jupiter.api.Assertions.assertArrayEquals(new float[] {-0.0f, Float.NEGATIVE_INFINITY}, ref.floats());
        KernelCheck.assertSame(ref, fast.run(two, in)[0], "ties and NaN");
        // with Indices: the reference's
        Node withIndices = Node.builder("MaxPool").name("mp").inputs("x").outputs("y", "i")
                .attr("kernel_shape", Attribute.ofInts(2, 2)).build();
        Tensor[] x = {KernelCheck.random(rnd, new int[] {1, 2, 4, 4})};
        Tensor[] expected = reference.run(withIndices, x);
        Tensor[] got = fast.run(withIndices, x);
        KernelCheck.assertSame(expected[0], got[0], "with indices");
        org.junit.jupiter.api.Assertions.assertArrayEquals(expected[1].longs(), got[1].longs());
    }
}
