package qmap.ops;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import org.junit.jupiter.api.Test;
import qmap.ir.Attribute;
import qmap.ir.DType;
import qmap.ir.Node;
import qmap.ir.Tensor;
import qmap.ir.TensorType;

/** Transpose, Concat, Tile, Expand and ConstantOfShape on non-float element types. */
class DataMovementTest {
    private static final Tensor ABCDEF = Tensor.ofStrings(new int[] {2, 3}, new String[] {"a", "b", "c", "d", "e", "f"});

    @Test
    void transposeMovesStrings() {
        Node node = Node.builder("Transpose").name("t").inputs("x").outputs("y").build();
        Tensor y = new Transpose().run(node, new Tensor[] {ABCDEF})[0];
        assertArrayEquals(new int[] {3, 2}, y.shape());
        assertArrayEquals(new String[] {"a", "d", "b", "e", "c", "f"}, y.strings());
    }

    @Test
    void concatJoinsInt8AlongTheLastAxis() {
        Tensor a = Tensor.of(DType.INT8, new int[] {2, 1}, new long[] {1, 2});
        Tensor b = Tensor.of(DType.INT8, new int[] {2, 2}, new long[] {-3, -4, -5, -6});
        Tensor empty = Tensor.of(DType.INT8, new int[] {2, 0}, new long[0]);
        Node node = Node.builder("Concat").name("c").inputs("a", "e", "b").outputs("y")
                .attr("axis", Attribute.ofInt(-1)).build();
        Tensor y = new Concat().run(node, new Tensor[] {a, empty, b})[0];
        assertArrayEquals(new long[] {1, -3, -4, 2, -5, -6}, y.longs());
        TensorType t = new Concat().infer(node, new TensorType[] {TensorType.of(DType.INT8, -1, 1),
            TensorType.of(DType.INT8, 2, 0), TensorType.of(DType.INT8, 2, 2)}, new Tensor[3])[0];
        assertArrayEquals(new int[] {2, 3}, t.dims());
    }

    @Test
    void tileRepeatsEachAxis() {
        Node node = Node.builder("Tile").name("t").inputs("x", "repeats").outputs("y").build();
        Tensor y = new Tile().run(node, new Tensor[] {ABCDEF, Tensor.ofLongs(new int[] {2}, 2, 2)})[0];
        assertArrayEquals(new int[] {4, 6}, y.shape());
        assertArrayEquals(new String[] {"a", "b", "c", "a", "b", "c", "d", "e", "f", "d", "e", "f",
            "a", "b", "c", "a", "b", "c", "d", "e", "f", "d", "e", "f"}, y.strings());
    }

    @Test
    void expandBroadcastsBothWays() {
        Node node = Node.builder("Expand").name("e").inputs("x", "shape").outputs("y").build();
        Tensor x = Tensor.of(DType.FLOAT16, new int[] {3, 1}, new float[] {1, 2, 3});
        Tensor y = new Expand().run(node, new Tensor[] {x, Tensor.ofLongs(new int[] {3}, 2, 1, 2)})[0];
        assertArrayEquals(new int[] {2, 3, 2}, y.shape());
        assertArrayEquals(new float[] {1, 1, 2, 2, 3, 3, 1, 1, 2, 2, 3, 3}, y.floats());
    }

    @Test
    void constantOfShapeUsesTheValueType() {
        Node node = Node.builder("ConstantOfShape").name("c").inputs("shape").outputs("y")
                .attr("value", Attribute.ofTensor(Tensor.ofLongs(new int[] {1}, 7))).build();
        Tensor y = new ConstantOfShape().run(node, new Tensor[] {Tensor.ofLongs(new int[] {2}, 2, 2)})[0];
        assertArrayEquals(new long[] {7, 7, 7, 7}, y.longs());
        assertArrayEquals(new int[] {2, 2}, y.shape());
    }
}
