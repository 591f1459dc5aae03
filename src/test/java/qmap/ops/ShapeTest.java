package qmap.ops;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import qmap.ir.Attribute;
import qmap.ir.DType;
import qmap.ir.Node;
import qmap.ir.Tensor;
import qmap.ir.TensorType;

class ShapeTest {
    private static final Shape SHAPE = new Shape();
    private static final Tensor X = Tensor.zeros(DType.UINT8, new int[] {2, 3, 4, 5});

    private static Node node(Long start, Long end) {
        Node.Builder b = Node.builder("Shape").name("s").inputs("x").outputs("y");
        if (start != null) {
            b.attr("start", Attribute.ofInt(start));
        }
        if (end != null) {
            b.attr("end", Attribute.ofInt(end));
        }
        return b.build();
    }

    @Test
    void startAndEndSelectAndClampDims() {
        assertArrayEquals(new long[] {2, 3, 4, 5}, SHAPE.run(node(null, null), new Tensor[] {X})[0].longs());
        assertArrayEquals(new long[] {3, 4}, SHAPE.run(node(1L, -1L), new Tensor[] {X})[0].longs());
        assertArrayEquals(new long[] {5}, SHAPE.run(node(-1L, null), new Tensor[] {X})[0].longs());
        assertArrayEquals(new long[] {2, 3, 4, 5}, SHAPE.run(node(-10L, 10L), new Tensor[] {X})[0].longs());
        assertArrayEquals(new long[0], SHAPE.run(node(3L, 1L), new Tensor[] {X})[0].longs());
    }

    @Test
    void infersTheLengthFromTheRankAlone() {
        TensorType x = TensorType.of(DType.FLOAT, -1, -1, 7);
        TensorType y = SHAPE.infer(node(1L, null), new TensorType[] {x}, new Tensor[1])[0];
        assertEquals(DType.INT64, y.dtype());
        assertArrayEquals(new int[] {2}, y.dims());
    }
}
