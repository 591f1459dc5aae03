package qmap.kernels;

import java.util.Random;
import java.util.concurrent.ForkJoinPool;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import qmap.ir.Attribute;
import qmap.ir.Node;
import qmap.ir.Tensor;
import qmap.ops.ConvTranspose;

/** FastConvTranspose (product + col2im) against the reference ConvTranspose. */
class FastConvTransposeTest {
    private static final ConvTranspose REFERENCE = new ConvTranspose();
    private static final FastConvTranspose FAST = new FastConvTranspose(REFERENCE);
    private static final ForkJoinPool POOL = new ForkJoinPool(2);
    private final Random rnd = new Random(11);

    @AfterAll
    static void stopPool() {
        POOL.shutdown();
    }

    /** x: N,C,H,W; w: C,M/group,KH,KW. */
    private void check(int[] x, int[] w, boolean bias, int group, int[] strides, int[] dilations, int[] pads,
                       int[] outputPadding) {
        Node.Builder b = Node.builder("ConvTranspose").name("t").inputs("x", "w", "b").outputs("y")
                .attr("group", Attribute.ofInt(group));
        if (strides != null) {
            b.attr("strides", Attribute.ofInts(FastConvTest.toLongs(strides)));
        }
        if (dilations != null) {
            b.attr("dilations", Attribute.ofInts(FastConvTest.toLongs(dilations)));
        }
        if (pads != null) {
            b.attr("pads", Attribute.ofInts(FastConvTest.toLongs(pads)));
        }
        if (outputPadding != null) {
            b.attr("output_padding", Attribute.ofInts(FastConvTest.toLongs(outputPadding)));
        }
        Node node = b.build();
        Tensor[] in = bias ? new Tensor[] {KernelCheck.random(rnd, x), KernelCheck.random(rnd, w),
            KernelCheck.random(rnd, w[1] * group)} : new Tensor[] {KernelCheck.random(rnd, x), KernelCheck.random(rnd, w)};
        String what = node.attributes() + " x" + java.util.Arrays.toString(x) + " w" + java.util.Arrays.toString(w);
        Tensor ref = REFERENCE.run(node, in)[0];
        Tensor serial = FAST.run(node, in)[0];
        KernelCheck.assertClose(ref, serial, what);
        KernelCheck.assertSame(serial, FAST.run(node, in, POOL)[0], what + " (pool)");
    }

    @Test
    void upsamplingAsInTheDetectionHead() {
        check(new int[] {1, 24, 10, 12}, new int[] {24, 24, 2, 2}, true, 1, new int[] {2, 2}, null, null, null);
        check(new int[] {1, 24, 9, 7}, new int[] {24, 1, 2, 2}, true, 1, new int[] {2, 2}, null, null, null);
        check(new int[] {2, 5, 4, 7}, new int[] {5, 3, 2, 3}, false, 1, new int[] {2, 3}, null, null, null);
    }

    @Test
    void overlappingWindowsPaddingAndOutputPadding() {
        check(new int[] {1, 5, 7, 6}, new int[] {5, 3, 3, 3}, true, 1, new int[] {2, 2}, null, new int[] {1, 1, 1, 1},
                new int[] {1, 1});
        check(new int[] {1, 4, 6, 5}, new int[] {4, 2, 3, 3}, false, 1, null, null, new int[] {0, 1, 2, 0}, null);
        check(new int[] {1, 3, 5, 8}, new int[] {3, 4, 3, 2}, true, 1, new int[] {1, 3}, new int[] {2, 1},
                new int[] {1, 0, 0, 1}, null);
    }

    @Test
    void groupsAndBatches() {
        check(new int[] {2, 6, 5, 5}, new int[] {6, 2, 3, 3}, true, 3, new int[] {2, 2}, null, new int[] {1, 1, 1, 1}, null);
        check(new int[] {3, 4, 4, 6}, new int[] {4, 1, 4, 4}, true, 4, new int[] {2, 2}, null, new int[] {1, 1, 1, 1}, null);
        check(new int[] {1, 64, 8, 8}, new int[] {64, 32, 2, 2}, true, 1, new int[] {2, 2}, null, null, null);
    }
}
