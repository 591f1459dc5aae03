package qmap.ops;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import qmap.ir.Attribute;
import qmap.ir.DType;
import qmap.ir.Node;
import qmap.ir.Tensor;
import qmap.ir.TensorType;

class ReshapeTest {
    private static final Reshape RESHAPE = new Reshape();

    private static Node node(int allowZero) {
        return Node.builder("Reshape").name("r").inputs("x", "shape").outputs("y")
                .attr("allowzero", Attribute.ofInt(allowZero)).build();
    }

    private static Tensor ints(long... v) {
        return Tensor.ofLongs(new int[] {v.length}, v);
    }

    @Test
    void zeroCopiesTheInputDimAndMinusOneIsInferred() {
        Tensor x = Tensor.zeros(DType.FLOAT, new int[] {2, 3, 4});
        assertArrayEquals(new int[] {2, 12}, RESHAPE.run(node(0), new Tensor[] {x, ints(0, -1)})[0].shape());
        assertArrayEquals(new int[] {4, 3, 2}, RESHAPE.run(node(0), new Tensor[] {x, ints(4, 0, -1)})[0].shape());
    }

    @Test
    void allowZeroKeepsZeroAsAnEmptyDim() {
        Tensor x = Tensor.zeros(DType.FLOAT, new int[] {0, 3, 4});
        assertArrayEquals(new int[] {3, 4, 0}, RESHAPE.run(node(1), new Tensor[] {x, ints(3, 4, 0)})[0].shape());
        assertThrows(IllegalArgumentException.class,
                () -> RESHAPE.run(node(1), new Tensor[] {Tensor.zeros(DType.FLOAT, new int[] {2, 3}), ints(0, 6)}));
    }

    @Test
    void inferenceWithUnknownDims() {
        TensorType x = TensorType.of(DType.FLOAT, -1, 3, 4);
        TensorType[] in = {x, TensorType.of(DType.INT64, 3)};
        assertArrayEquals(new int[] {-1, 4, 3},
                RESHAPE.infer(node(0), in, new Tensor[] {null, ints(0, 4, 3)})[0].dims());
        assertArrayEquals(new int[] {-1, -1, -1}, RESHAPE.infer(node(0), in, new Tensor[] {null, null})[0].dims());
        TensorType known = TensorType.of(DType.FLOAT, 2, 3, 4);
        assertArrayEquals(new int[] {6, 4},
                RESHAPE.infer(node(0), new TensorType[] {known, in[1]}, new Tensor[] {null, ints(-1, 4)})[0].dims());
    }

    @Test
    void squeezeUnsqueezeAndFlatten() {
        Tensor x = Tensor.zeros(DType.INT32, new int[] {1, 3, 1, 2});
        Node squeeze = Node.builder("Squeeze").name("s").inputs("x").outputs("y").build();
        assertArrayEquals(new int[] {3, 2}, new Squeeze().run(squeeze, new Tensor[] {x})[0].shape());
        Node unsqueeze = Node.builder("Unsqueeze").name("u").inputs("x", "axes").outputs("y").build();
        assertArrayEquals(new int[] {1, 1, 3, 1, 2, 1},
                new Unsqueeze().run(unsqueeze, new Tensor[] {x, ints(-1, 1)})[0].shape());
        Node flatten = Node.builder("Flatten").name("f").inputs("x").outputs("y")
                .attr("axis", Attribute.ofInt(-1)).build();
        assertArrayEquals(new int[] {3, 2}, new Flatten().run(flatten, new Tensor[] {x})[0].shape());
    }
}
