package qmap.ops;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import qmap.ir.Attribute;
import qmap.ir.DType;
import qmap.ir.Node;
import qmap.ir.Tensor;

class GatherTest {
    private static final Gather GATHER = new Gather();

    private static Node node(long axis) {
        return Node.builder("Gather").name("g").inputs("data", "indices").outputs("y")
                .attr("axis", Attribute.ofInt(axis)).build();
    }

    @Test
    void negativeIndicesCountFromTheBackAndIndexShapeIsInserted() {
        Tensor data = Tensor.ofFloats(new int[] {2, 3}, 1, 2, 3, 4, 5, 6);
        Tensor idx = Tensor.of(DType.INT32, new int[] {2, 2}, new long[] {0, -1, 1, 1});
        Tensor y = GATHER.run(node(1), new Tensor[] {data, idx})[0];
        assertArrayEquals(new int[] {2, 2, 2}, y.shape());
        assertArrayEquals(new float[] {1, 3, 2, 2, 4, 6, 5, 5}, y.floats());
    }

    @Test
    void scalarIndexDropsTheAxis() {
        Tensor shape = Tensor.ofLongs(new int[] {4}, 1, 3, 224, 224);
        Tensor y = GATHER.run(node(0), new Tensor[] {shape, Tensor.scalarLong(-2)})[0];
        assertArrayEquals(new int[0], y.shape());
        assertArrayEquals(new long[] {224}, y.longs());
    }

    @Test
    void outOfRangeIndexIsRejected() {
        Tensor data = Tensor.ofFloats(new int[] {3}, 1, 2, 3);
        assertThrows(IllegalArgumentException.class,
                () -> GATHER.run(node(0), new Tensor[] {data, Tensor.scalarLong(3)}));
    }
}
