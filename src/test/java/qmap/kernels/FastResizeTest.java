package qmap.kernels;

import java.util.Random;
import java.util.concurrent.ForkJoinPool;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import qmap.ir.Attribute;
import qmap.ir.Node;
import qmap.ir.Tensor;
import qmap.ops.Resize;

/** FastResize against the reference Resize: whole-number nearest upsampling and bilinear exactly; others delegated. */
class FastResizeTest {
    private static final Resize REFERENCE = new Resize();
    private static final FastResize FAST = new FastResize(REFERENCE);
    private static final ForkJoinPool POOL = new ForkJoinPool(2);
    private final Random rnd = new Random(19);

    @AfterAll
    static void stopPool() {
        POOL.shutdown();
    }

    private static Node node(String mode, String transform, String rounding) {
        return Node.builder("Resize").name("r").inputs("x", "roi", "scales").outputs("y")
                .attr("mode", Attribute.ofString(mode))
                .attr("coordinate_transformation_mode", Attribute.ofString(transform))
                .attr("nearest_mode", Attribute.ofString(rounding)).build();
    }

    private void check(Node node, int[] shape, float... scales) {
        Tensor[] in = {KernelCheck.random(rnd, shape), Tensor.ofFloats(new int[] {0}),
            Tensor.ofFloats(new int[] {4}, scales)};
        Tensor ref = REFERENCE.run(node, in)[0];
        KernelCheck.assertSame(ref, FAST.run(node, in)[0], node.attributes() + " " + java.util.Arrays.toString(scales));
        KernelCheck.assertSame(ref, FAST.run(node, in, POOL)[0], "resize (pool)");
    }

    @Test
    void wholeNumberNearestUpsampling() {
        Node nearest = node("nearest", "asymmetric", "floor");
        check(nearest, new int[] {1, 96, 20, 20}, 1, 1, 2, 2);
        check(nearest, new int[] {2, 3, 5, 7}, 1, 1, 4, 4);
        check(nearest, new int[] {1, 4, 3, 5}, 1, 1, 8, 3);
        check(nearest, new int[] {1, 4, 3, 5}, 1, 1, 1, 2);
        // rows of eight and more: widened eight values at a time by shuffles, then the tail
        check(nearest, new int[] {1, 2, 3, 19}, 1, 1, 1, 4);
        check(nearest, new int[] {1, 2, 2, 17}, 1, 1, 2, 3);
        check(nearest, new int[] {1, 1, 2, 16}, 1, 1, 3, 8);
        check(nearest, new int[] {1, 3, 4, 40}, 1, 1, 2, 2);
    }

    @Test
    void wholeNumberNearestUpsamplingOfIntegers() {
        Node nearest = node("nearest", "asymmetric", "floor");
        long[] v = new long[2 * 3 * 5 * 7];
        for (int i = 0; i < v.length; i++) {
            v[i] = rnd.nextInt(256) - 128;
        }
        byte[] b = new byte[v.length];
        for (int i = 0; i < v.length; i++) {
            b[i] = (byte) v[i];
        }
        // widths by 3 (code by code), and by 2 and 4 (each code's copies stored as one short or int)
        for (float[] scales : new float[][] {{1, 1, 2, 3}, {1, 1, 2, 2}, {1, 1, 1, 4}}) {
            Tensor[] in = {Tensor.of(qmap.ir.DType.INT8, new int[] {2, 3, 5, 7}, v), Tensor.ofFloats(new int[] {0}),
                Tensor.ofFloats(new int[] {4}, scales)};
            Tensor ref = REFERENCE.run(nearest, in)[0];
            Tensor[] bytes = {Tensor.ofBytes(qmap.ir.DType.INT8, new int[] {2, 3, 5, 7}, b), in[1], in[2]};
            for (Tensor fast : new Tensor[] {FAST.run(nearest, in)[0], FAST.run(nearest, in, POOL)[0],
                FAST.run(nearest, bytes)[0], FAST.run(nearest, bytes, POOL)[0]}) {
                org.junit.jupiter.api.Assertions.assertEquals(ref.dtype(), fast.dtype());
                org.junit.jupiter.api.Assertions.assertArrayEquals(ref.shape(), fast.shape());
                org.junit.jupiter.api.Assertions.assertArrayEquals(ref.longs(), fast.longs(),
                        java.util.Arrays.toString(scales));
            }
        }
    }

    /**
     * Bilinear resizes against the reference bit for bit: down (the tracker's 255 to 31 by
     * sizes) and up, every coordinate transformation but tf_crop_and_resize, one axis left at
     * scale 1, an output of length 1, and infinities (a tap of weight 0 must not turn one into
     * NaN, as the reference skips such taps).
     */
    @Test
    void bilinearResizesGiveTheReferenceBits() {
        for (String transform : new String[] {"half_pixel", "align_corners", "asymmetric", "pytorch_half_pixel",
            "half_pixel_symmetric", "tf_half_pixel_for_nn"}) {
            Node linear = node("linear", transform, "floor");
            check(linear, new int[] {1, 2, 5, 7}, 1, 1, 2, 2);
            check(linear, new int[] {2, 3, 9, 6}, 1, 1, 0.5f, 1.5f);
            check(linear, new int[] {1, 2, 4, 9}, 1, 1, 1, 0.4f);
            check(linear, new int[] {1, 2, 7, 4}, 1, 1, 3, 1);
        }
        Node sized = Node.builder("Resize").name("r").inputs("x", "roi", "scales", "sizes").outputs("y")
                .attr("mode", Attribute.ofString("linear")).attr("cubic_coeff_a", Attribute.ofFloat(-0.75f)).build();
        for (int[] sizes : new int[][] {{1, 3, 31, 31}, {1, 3, 1, 40}, {1, 3, 255, 7}}) {
            Tensor x = KernelCheck.random(rnd, new int[] {1, 3, 255, 255});
            float[] v = x.floats();
            for (int i = 0; i < v.length; i += 97) {
                v[i] = i % 2 == 0 ? Float.POSITIVE_INFINITY : Float.NEGATIVE_INFINITY;
            }
            Tensor[] in = {Tensor.ofFloats(x.shape(), v), Tensor.ofFloats(new int[] {0}), Tensor.ofFloats(new int[] {0}),
                Tensor.of(qmap.ir.DType.INT64, new int[] {4}, java.util.Arrays.stream(sizes).asLongStream().toArray())};
            Tensor ref = REFERENCE.run(sized, in)[0];
            KernelCheck.assertSame(ref, FAST.run(sized, in)[0], "sizes " + java.util.Arrays.toString(sizes));
            KernelCheck.assertSame(ref, FAST.run(sized, in, POOL)[0], "sizes (pool)");
        }
    }

    @Test
    void otherConfigurationsMatchThroughTheReference() {
        check(node("nearest", "asymmetric", "floor"), new int[] {1, 2, 6, 6}, 1, 1, 0.5f, 0.5f);
        check(node("nearest", "asymmetric", "floor"), new int[] {1, 2, 4, 4}, 1, 1, 1.5f, 2);
        check(node("nearest", "half_pixel", "round_prefer_floor"), new int[] {1, 2, 4, 4}, 1, 1, 2, 2);
        check(Node.builder("Resize").name("r").inputs("x", "roi", "scales").outputs("y")
                .attr("mode", Attribute.ofString("linear")).attr("antialias", Attribute.ofInt(1)).build(),
                new int[] {1, 2, 8, 8}, 1, 1, 0.5f, 0.5f);
        check(node("linear", "half_pixel", "floor"), new int[] {2, 4, 4, 4}, 1, 0.5f, 2, 2);
        check(node("cubic", "half_pixel", "floor"), new int[] {1, 2, 4, 4}, 1, 1, 2, 2);
    }
}
