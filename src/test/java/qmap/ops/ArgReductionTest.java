package qmap.ops;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import org.junit.jupiter.api.Test;
import qmap.ir.Attribute;
import qmap.ir.Node;
import qmap.ir.Tensor;

class ArgReductionTest {
    private static final Tensor X = Tensor.ofFloats(new int[] {2, 3}, 2, 5, 5, 7, 1, 7);

    private static Node node(String op, long keepdims, long last) {
        return Node.builder(op).name("a").inputs("x").outputs("y").attr("axis", Attribute.ofInt(1))
                .attr("keepdims", Attribute.ofInt(keepdims)).attr("select_last_index", Attribute.ofInt(last)).build();
    }

    @Test
    void tiesGoToTheFirstOrLastIndex() {
        Tensor first = new ArgMax().run(node("ArgMax", 1, 0), new Tensor[] {X})[0];
        assertArrayEquals(new int[] {2, 1}, first.shape());
        assertArrayEquals(new long[] {1, 0}, first.longs());
        Tensor last = new ArgMax().run(node("ArgMax", 0, 1), new Tensor[] {X})[0];
        assertArrayEquals(new int[] {2}, last.shape());
        assertArrayEquals(new long[] {2, 2}, last.longs());
        assertArrayEquals(new long[] {0, 1}, new ArgMin().run(node("ArgMin", 0, 0), new Tensor[] {X})[0].longs());
    }
}
