package qmap.ops;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import org.junit.jupiter.api.Test;
import qmap.ir.Attribute;
import qmap.ir.DType;
import qmap.ir.Node;
import qmap.ir.Tensor;
import qmap.ir.TensorType;

class ResizeTest {
    private static Node.Builder resize(String mode, String transform) {
        return Node.builder("Resize").name("r").inputs("x", "roi", "scales", "sizes").outputs("y")
                .attr("mode", Attribute.ofString(mode))
                .attr("coordinate_transformation_mode", Attribute.ofString(transform));
    }

    private static Tensor scales(float... s) {
        return Tensor.ofFloats(new int[] {s.length}, s);
    }

    private static Tensor sizes(long... s) {
        return Tensor.ofLongs(new int[] {s.length}, s);
    }

    private static float[] run(Node node, Tensor x, Tensor roi, Tensor scales, Tensor sizes) {
        return new Resize().run(node, new Tensor[] {x, roi, scales, sizes})[0].floats();
    }

    @Test
    void nearestRoundsAsNearestModeSays() {
        Tensor x = Tensor.ofFloats(new int[] {4}, 1, 2, 3, 4);
        Node floor = resize("nearest", "asymmetric").attr("nearest_mode", Attribute.ofString("floor")).build();
        assertArrayEquals(new float[] {1, 1, 2, 2, 3, 3, 4, 4}, run(floor, x, null, scales(2), null));
        // 0.6 downscale: sources 0 and 1/0.6 = 1.67; ceil reads index 2.
        Node ceil = resize("nearest", "asymmetric").attr("nearest_mode", Attribute.ofString("ceil")).build();
        assertArrayEquals(new float[] {1, 3}, run(ceil, x, null, scales(0.6f), null));
    }

    @Test
    void linearHalfPixelClampsAtTheEdges() {
        Tensor x = Tensor.ofFloats(new int[] {2}, 0, 10);
        // sources -0.25, 0.25, 0.75, 1.25
        assertArrayEquals(new float[] {0, 2.5f, 7.5f, 10},
                run(resize("linear", "half_pixel").build(), x, null, null, sizes(4)), 1e-6f);
    }

    @Test
    void alignCornersUsesTheIntegerOutputLength() {
        Tensor x = Tensor.ofFloats(new int[] {3}, 0, 10, 20);
        // out = floor(3 * 0.67) = 2, so the corners 0 and 2 are read exactly
        assertArrayEquals(new float[] {0, 20}, run(resize("linear", "align_corners").build(), x, null, scales(0.67f), null));
    }

    @Test
    void cropAndResizeExtrapolatesOutsideTheInput() {
        Tensor x = Tensor.ofFloats(new int[] {4}, 0, 10, 20, 30);
        Node node = resize("linear", "tf_crop_and_resize").attr("extrapolation_value", Attribute.ofFloat(-1)).build();
        // sources 0.5 * 3 + x * 1.0 * 3 / 2 = 1.5, 3, 4.5
        assertArrayEquals(new float[] {15, 30, -1}, run(node, x, scales(0.5f, 1.5f), null, sizes(3)), 1e-5f);
    }

    @Test
    void cubicUsesKeysKernel() {
        Tensor x = Tensor.ofFloats(new int[] {6}, 0, 0, 8, 0, 0, 0);
        // Half-way weights for a = -0.75: W(0.5) = 0.59375, W(1.5) = -0.09375.
        float[] expected = {0, -0.75f, 0, 4.75f, 8, 4.75f, 0, -0.75f, 0, 0, 0, 0};
        assertArrayEquals(expected, run(resize("cubic", "asymmetric").build(), x, null, scales(2), null), 1e-6f);
    }

    @Test
    void antialiasWidensTheLinearKernelWhenDownscaling() {
        Tensor x = Tensor.ofFloats(new int[] {4}, 0, 4, 8, 12);
        Node node = resize("linear", "half_pixel").attr("antialias", Attribute.ofInt(1)).build();
        // sources 0.5 and 2.5, four taps weighted 1:3:3:1, edge-clamped
        assertArrayEquals(new float[] {2.5f, 9.5f}, run(node, x, null, scales(0.5f), null), 1e-6f);
    }

    @Test
    void integerOutputsTruncate() {
        Tensor x = Tensor.of(DType.UINT8, new int[] {2}, new long[] {0, 3});
        Tensor y = new Resize().run(resize("linear", "align_corners").build(),
                new Tensor[] {x, null, null, sizes(3)})[0];
        assertArrayEquals(new long[] {0, 1, 3}, y.longs()); // 1.5 truncates to 1
    }

    @Test
    void keepAspectRatioPicksOneScale() {
        Node.Builder b = resize("nearest", "asymmetric").attr("axes", Attribute.ofInts(2, 3));
        TensorType in = TensorType.of(DType.FLOAT, -1, 3, 2, 4);
        Tensor[] values = {null, null, null, sizes(3, 12)};
        TensorType[] types = {in, null, null, TensorType.of(DType.INT64, 2)};
        Node notLarger = b.attr("keep_aspect_ratio_policy", Attribute.ofString("not_larger")).build();
        assertArrayEquals(new int[] {-1, 3, 3, 6}, new Resize().infer(notLarger, types, values)[0].dims());
        Node notSmaller = b.attr("keep_aspect_ratio_policy", Attribute.ofString("not_smaller")).build();
        assertArrayEquals(new int[] {-1, 3, 6, 12}, new Resize().infer(notSmaller, types, values)[0].dims());
    }
}
