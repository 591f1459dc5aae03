package qmap.ops;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import qmap.ir.Attribute;
import qmap.ir.DType;
import qmap.ir.Node;
import qmap.ir.Tensor;
import qmap.ir.TensorType;

class ConvTest {
    private final Conv conv = new Conv();

    @Test
    void groupedDilatedPaddedOneDimensionalConv() {
        Tensor x = Tensor.ofFloats(new int[] {1, 2, 5}, 1, 2, 3, 4, 5, 1, 0, -1, 0, 1);
        Tensor w = Tensor.ofFloats(new int[] {2, 1, 2}, 1, 1, 1, -1);
        Tensor b = Tensor.ofFloats(new int[] {2}, 0.5f, -0.5f);
        Node n = Node.builder("Conv").name("c").inputs("x", "w", "b").outputs("y")
                .attr("group", Attribute.ofInt(2)).attr("dilations", Attribute.ofInts(2))
                .attr("pads", Attribute.ofInts(1, 0)).build();
        Tensor y = conv.run(n, new Tensor[] {x, w, b})[0];
        // map 0 sums x[o - 1] + x[o + 1] of channel 0, map 1 takes x[o - 1] - x[o + 1] of channel 1
        assertArrayEquals(new int[] {1, 2, 4}, y.shape());
        assertArrayEquals(new float[] {2.5f, 4.5f, 6.5f, 8.5f, -0.5f, 1.5f, -0.5f, -2.5f}, y.floats(), 1e-6f);
    }

    @Test
    void channelsThatDoNotFitTheGroupAreRejected() {
        Tensor x = Tensor.zeros(DType.FLOAT, new int[] {1, 3, 4, 4});
        Tensor w = Tensor.zeros(DType.FLOAT, new int[] {2, 2, 3, 3});
        Node n = Node.builder("Conv").name("c").inputs("x", "w").outputs("y").build();
        assertThrows(IllegalArgumentException.class, () -> conv.run(n, new Tensor[] {x, w}));
    }

    @Test
    void inferenceComputesTheOutputShapeWithoutRunning() {
        Node n = Node.builder("Conv").name("c").inputs("x", "w").outputs("y")
                .attr("strides", Attribute.ofInts(2, 2)).attr("pads", Attribute.ofInts(1, 1, 1, 1)).build();
        TensorType[] t = conv.infer(n, new TensorType[] {TensorType.of(DType.FLOAT, -1, 16, 320, 320),
            TensorType.of(DType.FLOAT, 32, 16, 3, 3)}, new Tensor[2]);
        assertArrayEquals(new int[] {-1, 32, 160, 160}, t[0].dims());
    }
}
