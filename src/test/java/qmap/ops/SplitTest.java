package qmap.ops;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import qmap.ir.Attribute;
import qmap.ir.DType;
import qmap.ir.Node;
import qmap.ir.Tensor;
import qmap.ir.TensorType;

class SplitTest {
    private static final Split SPLIT = new Split();
    private static final Tensor SEVEN = Tensor.ofFloats(new int[] {7}, 1, 2, 3, 4, 5, 6, 7);

    @Test
    void unevenSplitLeavesTheRemainderLast() {
        Node node = Node.builder("Split").name("s").inputs("x").outputs("a", "b", "c")
                .attr("num_outputs", Attribute.ofInt(3)).build();
        Tensor[] out = SPLIT.run(node, new Tensor[] {SEVEN});
        assertEquals(3, out.length);
        assertArrayEquals(new float[] {1, 2, 3}, out[0].floats());
        assertArrayEquals(new float[] {4, 5, 6}, out[1].floats());
        assertArrayEquals(new float[] {7}, out[2].floats());
    }

    @Test
    void splitSizesAlongTheLastAxis() {
        Tensor x = Tensor.ofStrings(new int[] {2, 3}, new String[] {"a", "b", "c", "d", "e", "f"});
        Node node = Node.builder("Split").name("s").inputs("x", "split").outputs("a", "b")
                .attr("axis", Attribute.ofInt(-1)).build();
        Tensor[] out = SPLIT.run(node, new Tensor[] {x, Tensor.ofLongs(new int[] {2}, 1, 2)});
        assertArrayEquals(new String[] {"a", "d"}, out[0].strings());
        assertArrayEquals(new String[] {"b", "c", "e", "f"}, out[1].strings());
        TensorType[] types = SPLIT.infer(node, new TensorType[] {TensorType.of(DType.STRING, -1, 3),
            TensorType.of(DType.INT64, 2)},
                new Tensor[] {null, Tensor.ofLongs(new int[] {2}, 1, 2)});
        assertArrayEquals(new int[] {-1, 1}, types[0].dims());
        assertArrayEquals(new int[] {-1, 2}, types[1].dims());
    }
}
