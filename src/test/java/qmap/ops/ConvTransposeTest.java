package qmap.ops;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import org.junit.jupiter.api.Test;
import qmap.ir.Attribute;
import qmap.ir.Node;
import qmap.ir.Tensor;

class ConvTransposeTest {
    private static final Tensor X = Tensor.ofFloats(new int[] {1, 1, 2}, 1, 2);
    private static final Tensor W = Tensor.ofFloats(new int[] {1, 1, 3}, 1, 1, 1);

    private static float[] run(String key, Attribute value) {
        Node.Builder b = Node.builder("ConvTranspose").name("t").inputs("x", "w").outputs("y")
                .attr("strides", Attribute.ofInts(2));
        if (key != null) {
            b.attr(key, value);
        }
        return new ConvTranspose().run(b.build(), new Tensor[] {X, W})[0].floats();
    }

    @Test
    void eachInputIsScatteredThroughTheKernelAtItsStride() {
        // x0 covers outputs 0..2, x1 covers 2..4
        assertArrayEquals(new float[] {1, 1, 3, 2, 2}, run(null, null));
    }

    @Test
    void padsCropAndOutputPaddingExtends() {
        assertArrayEquals(new float[] {1, 3, 2}, run("pads", Attribute.ofInts(1, 1)));
        assertArrayEquals(new float[] {1, 1, 3, 2, 2, 0}, run("output_padding", Attribute.ofInts(1)));
    }

    @Test
    void outputShapeAndSameUpperCropOnOppositeSides() {
        assertArrayEquals(new float[] {1, 3, 2, 2}, run("output_shape", Attribute.ofInts(4)));
        assertArrayEquals(new float[] {1, 1, 3, 2}, run("auto_pad", Attribute.ofString("SAME_UPPER")));
    }
}
