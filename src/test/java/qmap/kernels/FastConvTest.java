package qmap.kernels;

import java.util.Random;
import java.util.concurrent.ForkJoinPool;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import qmap.ir.Attribute;
import qmap.ir.Node;
import qmap.ir.Tensor;
import qmap.ops.Conv;

/** FastConv (GEMM, 1x1 and depthwise paths) against the reference Conv. */
class FastConvTest {
    private static final Conv REFERENCE = new Conv();
    private static final FastConv FAST = new FastConv(REFERENCE);
    private static final ForkJoinPool POOL = new ForkJoinPool(2);
    private final Random rnd = new Random(7);

    @AfterAll
    static void stopPool() {
        POOL.shutdown();
    }

    /** x: N,C,H,W; w: M,C/group,KH,KW; attrs: group, strides, dilations, pads. */
    private void check(int[] x, int[] w, boolean bias, int group, int[] strides, int[] dilations, int[] pads) {
        Node.Builder b = Node.builder("Conv").name("c").inputs("x", "w", "b").outputs("y")
                .attr("group", Attribute.ofInt(group));
        if (strides != null) {
            b.attr("strides", Attribute.ofInts(toLongs(strides)));
        }
        if (dilations != null) {
            b.attr("dilations", Attribute.ofInts(toLongs(dilations)));
        }
        if (pads != null) {
            b.attr("pads", Attribute.ofInts(toLongs(pads)));
        }
        check(b.build(), x, w, bias);
    }

    private void check(Node node, int[] x, int[] w, boolean bias) {
        Tensor[] in = bias ? new Tensor[] {KernelCheck.random(rnd, x), KernelCheck.random(rnd, w),
            KernelCheck.random(rnd, w[0])} : new Tensor[] {KernelCheck.random(rnd, x), KernelCheck.random(rnd, w)};
        String what = node.attributes() + " x" + java.util.Arrays.toString(x) + " w" + java.util.Arrays.toString(w);
        Tensor ref = REFERENCE.run(node, in)[0];
        Tensor serial = FAST.run(node, in)[0];
        KernelCheck.assertClose(ref, serial, what);
        KernelCheck.assertSame(serial, FAST.run(node, in, POOL)[0], what + " (pool)");
    }

    static long[] toLongs(int[] v) {
        long[] l = new long[v.length];
        for (int i = 0; i < v.length; i++) {
            l[i] = v[i];
        }
        return l;
    }

    @Test
    void denseWindowsWithPaddingStridesAndDilations() {
        check(new int[] {1, 3, 17, 19}, new int[] {5, 3, 3, 3}, true, 1, null, null, new int[] {1, 1, 1, 1});
        check(new int[] {1, 3, 31, 29}, new int[] {16, 3, 3, 3}, true, 1, new int[] {2, 2}, null, new int[] {1, 1, 1, 1});
        check(new int[] {1, 4, 13, 11}, new int[] {7, 4, 3, 3}, true, 1, new int[] {2, 1}, null, new int[] {0, 1, 2, 1});
        check(new int[] {1, 5, 15, 16}, new int[] {9, 5, 3, 3}, false, 1, null, new int[] {2, 2}, new int[] {2, 2, 2, 2});
        check(new int[] {1, 6, 12, 14}, new int[] {8, 6, 5, 5}, true, 1, new int[] {1, 2}, new int[] {1, 2}, new int[] {3, 0, 1, 4});
        check(new int[] {1, 3, 9, 10}, new int[] {4, 3, 1, 3}, true, 1, null, null, new int[] {0, 1, 0, 1});
        check(new int[] {1, 3, 9, 10}, new int[] {4, 3, 3, 1}, true, 1, null, null, new int[] {1, 0, 1, 0});
        check(new int[] {1, 2, 4, 4}, new int[] {3, 2, 3, 3}, true, 1, null, null, null);
    }

    @Test
    void pointwiseWindowsAreOneProduct() {
        check(new int[] {1, 33, 9, 11}, new int[] {17, 33, 1, 1}, true, 1, null, null, null);
        check(new int[] {1, 16, 7, 7}, new int[] {32, 16, 1, 1}, false, 1, new int[] {2, 2}, null, null);
        check(new int[] {1, 8, 6, 6}, new int[] {5, 8, 1, 1}, true, 1, null, null, new int[] {1, 0, 0, 1});
    }

    @Test
    void groupsAndDepthwise() {
        check(new int[] {1, 6, 11, 9}, new int[] {4, 3, 3, 3}, true, 2, null, null, new int[] {1, 1, 1, 1});
        check(new int[] {1, 12, 10, 10}, new int[] {12, 3, 3, 3}, true, 4, new int[] {2, 2}, null, new int[] {1, 1, 1, 1});
        check(new int[] {1, 7, 15, 13}, new int[] {7, 1, 3, 3}, true, 7, null, null, new int[] {1, 1, 1, 1});
        check(new int[] {1, 7, 15, 13}, new int[] {7, 1, 3, 3}, true, 7, new int[] {2, 2}, null, new int[] {0, 1, 1, 0});
        // rows of 80 and 160 outputs: passes of five chunks of 16 (rec's depthwise rows), and 240
        check(new int[] {1, 9, 12, 80}, new int[] {9, 1, 5, 5}, true, 9, null, null, new int[] {2, 2, 2, 2});
        check(new int[] {1, 3, 5, 160}, new int[] {3, 1, 3, 3}, true, 3, null, null, new int[] {1, 1, 1, 1});
        check(new int[] {1, 2, 3, 240}, new int[] {2, 1, 3, 3}, false, 2, null, null, new int[] {1, 1, 1, 1});
        check(new int[] {1, 5, 14, 12}, new int[] {5, 1, 3, 3}, false, 5, new int[] {1, 2}, new int[] {2, 3}, new int[] {2, 3, 1, 0});
        // narrow rows run as one run of positions across rows, span by span (102 rows of 40 per span)
        check(new int[] {1, 2, 120, 40}, new int[] {2, 1, 3, 3}, true, 2, null, null, new int[] {1, 1, 1, 1});
        // rows of 130 outputs: eight chunks of 16 four at a time, then the 2-output tail
        check(new int[] {1, 3, 9, 130}, new int[] {3, 1, 3, 3}, true, 3, null, null, new int[] {1, 1, 1, 1});
        // channel multiplier 2: grouped product, not the depthwise path
        check(new int[] {1, 4, 8, 9}, new int[] {8, 1, 3, 3}, true, 4, null, null, new int[] {1, 1, 1, 1});
    }

    @Test
    void batchesAndLargeChannelCounts() {
        check(new int[] {2, 5, 9, 8}, new int[] {6, 5, 3, 3}, true, 1, null, null, new int[] {1, 1, 1, 1});
        check(new int[] {3, 6, 7, 7}, new int[] {6, 1, 3, 3}, true, 6, null, null, new int[] {1, 1, 1, 1});
        check(new int[] {2, 6, 7, 9}, new int[] {4, 3, 1, 1}, true, 2, null, null, null);
        check(new int[] {1, 96, 12, 12}, new int[] {24, 96, 3, 3}, true, 1, null, null, new int[] {1, 1, 1, 1});
        check(new int[] {1, 480, 3, 20}, new int[] {480, 480, 1, 1}, true, 1, null, null, null);
        check(new int[] {1, 240, 6, 20}, new int[] {240, 1, 5, 5}, true, 240, null, null, new int[] {2, 2, 2, 2});
    }

    /**
     * The direct product's edge cases: output rows longer than a tile with padding columns to
     * drop (tiles crossing a row end), 1x1 inputs whose last tile reads past the array, row
     * counts that are not a multiple of the 4-row panel, strides 2 and 3 (phase planes),
     * dilation with stride, asymmetric and zero padding, 1 x k and k x 1 windows, long sums.
     */
    @Test
    void directProductsAcrossRowEndsTailsAndPhases() {
        check(new int[] {1, 5, 9, 41}, new int[] {7, 5, 3, 3}, true, 1, null, null, new int[] {1, 1, 1, 1});
        check(new int[] {1, 4, 3, 37}, new int[] {13, 4, 3, 3}, true, 1, null, null, new int[] {1, 2, 1, 0});
        check(new int[] {1, 3, 5, 17}, new int[] {11, 3, 1, 1}, true, 1, null, null, null);
        check(new int[] {2, 9, 1, 5}, new int[] {8, 9, 1, 1}, false, 1, null, null, null);
        check(new int[] {1, 6, 23, 29}, new int[] {19, 6, 3, 3}, true, 1, new int[] {3, 3}, null, new int[] {1, 1, 1, 1});
        check(new int[] {1, 4, 21, 26}, new int[] {6, 4, 3, 3}, true, 1, new int[] {2, 2}, new int[] {2, 2},
                new int[] {2, 2, 2, 2});
        check(new int[] {1, 5, 17, 33}, new int[] {12, 5, 4, 2}, true, 1, new int[] {2, 3}, null,
                new int[] {0, 2, 3, 1});
        check(new int[] {1, 960, 1, 40}, new int[] {60, 960, 1, 3}, true, 1, null, null, new int[] {0, 1, 0, 1});
        check(new int[] {1, 7, 16, 16}, new int[] {9, 7, 3, 1}, true, 1, null, null, new int[] {1, 0, 1, 0});
        check(new int[] {1, 6, 35, 18}, new int[] {6, 1, 5, 5}, true, 6, new int[] {2, 2}, null,
                new int[] {2, 2, 2, 2});
        check(new int[] {2, 4, 33, 47}, new int[] {4, 1, 3, 3}, false, 4, new int[] {2, 1}, new int[] {1, 3},
                new int[] {0, 3, 2, 1});
    }

    /**
     * The packed slices of B: K deeper than two slices of 256 steps, output rows that are not a
     * multiple of 16 wide (tiles that cross a row end), row counts that leave a partial panel,
     * a last tile short of 16 columns, full 256-column blocks and narrower ones.
     */
    @Test
    void packedSlicesAcrossKBlocksRowEndsAndPartialPanels() {
        check(new int[] {1, 70, 23, 37}, new int[] {13, 70, 3, 3}, true, 1, null, null, new int[] {1, 1, 1, 1});
        check(new int[] {1, 30, 50, 45}, new int[] {7, 30, 3, 3}, true, 1, null, null, new int[] {1, 1, 1, 1});
        check(new int[] {1, 600, 7, 9}, new int[] {25, 600, 1, 1}, true, 1, null, null, null);
        check(new int[] {1, 40, 64, 64}, new int[] {24, 40, 1, 1}, false, 1, null, null, null);
    }

    @Test
    void autoPadSameUpper() {
        Node node = Node.builder("Conv").name("c").inputs("x", "w", "b").outputs("y")
                .attr("auto_pad", Attribute.ofString("SAME_UPPER")).attr("strides", Attribute.ofInts(2, 2)).build();
        check(node, new int[] {1, 3, 10, 9}, new int[] {4, 3, 3, 3}, true);
    }
}
