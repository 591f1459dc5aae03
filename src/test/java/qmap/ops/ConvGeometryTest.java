package qmap.ops;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import org.junit.jupiter.api.Test;
import qmap.ir.Attribute;
import qmap.ir.Node;

class ConvGeometryTest {
    private static Node.Builder conv() {
        return Node.builder("Conv").name("n").inputs("x", "w").outputs("y");
    }

    @Test
    void sameUpperPutsTheOddPadAtTheEndAndSameLowerAtTheBeginning() {
        // extent 5, kernel 4, stride 2: 3 windows need (3 - 1) * 2 + 4 - 5 = 3 pads
        Node upper = conv().attr("auto_pad", Attribute.ofString("SAME_UPPER")).attr("strides", Attribute.ofInts(2)).build();
        ConvGeometry g = ConvGeometry.forward(upper, new int[] {5}, new int[] {4}, false);
        assertArrayEquals(new int[] {3}, g.out);
        assertArrayEquals(new int[] {1}, g.padBegin);
        assertArrayEquals(new int[] {2}, g.padEnd);
        Node lower = conv().attr("auto_pad", Attribute.ofString("SAME_LOWER")).attr("strides", Attribute.ofInts(2)).build();
        ConvGeometry h = ConvGeometry.forward(lower, new int[] {5}, new int[] {4}, false);
        assertArrayEquals(new int[] {2}, h.padBegin);
        assertArrayEquals(new int[] {1}, h.padEnd);
    }

    @Test
    void ceilModeDropsAWindowThatWouldStartInTheEndPadding() {
        // (4 + 0 + 1 - 2) / 2 = 1.5 rounds up to 3 windows, but the third would start at 4
        Node padded = conv().attr("strides", Attribute.ofInts(2)).attr("pads", Attribute.ofInts(0, 1)).build();
        assertArrayEquals(new int[] {2}, ConvGeometry.forward(padded, new int[] {4}, new int[] {2}, true).out);
        Node plain = conv().attr("strides", Attribute.ofInts(2)).build();
        assertArrayEquals(new int[] {3}, ConvGeometry.forward(plain, new int[] {5}, new int[] {2}, true).out);
        assertArrayEquals(new int[] {2}, ConvGeometry.forward(plain, new int[] {5}, new int[] {2}, false).out);
    }

    @Test
    void dilationWidensTheWindow() {
        Node dilated = conv().attr("dilations", Attribute.ofInts(3, 1)).build();
        // extent (3 - 1) * 3 + 1 = 7
        assertArrayEquals(new int[] {4, 8}, ConvGeometry.forward(dilated, new int[] {10, 10}, new int[] {3, 3}, false).out);
    }

    @Test
    void transposedOutputShapeSplitsTheCropWithTheOddPadFirstUnlessSameUpper() {
        // full output 2 * (2 - 1) + 3 = 5, asked for 4: one element cropped
        Node notset = conv().attr("strides", Attribute.ofInts(2)).attr("output_shape", Attribute.ofInts(4)).build();
        ConvGeometry g = ConvGeometry.transposed(notset, new int[] {2}, new int[] {3});
        assertArrayEquals(new int[] {4}, g.out);
        assertArrayEquals(new int[] {1}, g.padBegin);
        assertArrayEquals(new int[] {0}, g.padEnd);
        Node upper = conv().attr("strides", Attribute.ofInts(2)).attr("auto_pad", Attribute.ofString("SAME_UPPER")).build();
        ConvGeometry h = ConvGeometry.transposed(upper, new int[] {2}, new int[] {3});
        assertArrayEquals(new int[] {4}, h.out);
        assertArrayEquals(new int[] {0}, h.padBegin);
        assertArrayEquals(new int[] {1}, h.padEnd);
    }

    @Test
    void unknownExtentStaysUnknown() {
        Node n = conv().attr("pads", Attribute.ofInts(1, 1, 1, 1)).build();
        assertArrayEquals(new int[] {-1, 8}, ConvGeometry.forward(n, new int[] {-1, 8}, new int[] {3, 3}, false).out);
    }
}
