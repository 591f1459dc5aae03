package qmap.ops;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import qmap.ir.Attribute;
import qmap.ir.Node;
import qmap.ir.Tensor;

class GemmTest {
    private static final Node NODE = Node.builder("Gemm").name("g").inputs("a", "b", "c").outputs("y")
            .attr("transA", Attribute.ofInt(1)).attr("transB", Attribute.ofInt(1))
            .attr("alpha", Attribute.ofFloat(2)).attr("beta", Attribute.ofFloat(0.5f)).build();
    private static final Tensor A = Tensor.ofFloats(new int[] {2, 2}, 1, 2, 3, 4);
    private static final Tensor B = Tensor.ofFloats(new int[] {3, 2}, 1, 0, 0, 1, 1, 1);

    @Test
    void transposedOperandsScaledWithAColumnBias() {
        // A' = [[1 3] [2 4]], B' = [[1 0 1] [0 1 1]]: A'B' = [[1 3 4] [2 4 6]]
        Tensor c = Tensor.ofFloats(new int[] {2, 1}, 10, 20);
        Tensor y = new Gemm().run(NODE, new Tensor[] {A, B, c})[0];
        assertArrayEquals(new int[] {2, 3}, y.shape());
        assertArrayEquals(new float[] {7, 11, 13, 14, 18, 22}, y.floats());
    }

    @Test
    void biasThatDoesNotBroadcastIsRejected() {
        Tensor c = Tensor.ofFloats(new int[] {2}, 1, 2);
        assertThrows(IllegalArgumentException.class, () -> new Gemm().run(NODE, new Tensor[] {A, B, c}));
    }
}
