package qmap.ops;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import qmap.ir.DType;
import qmap.ir.Node;
import qmap.ir.Tensor;

/** Where with three-way broadcasting, and comparisons on reals, bools and strings. */
class SelectionAndComparisonTest {
    @Test
    void whereBroadcastsConditionAndBothBranches() {
        Tensor cond = Tensor.of(DType.BOOL, new int[] {2, 1, 1}, new long[] {1, 0});
        Tensor x = Tensor.ofStrings(new int[] {1, 3}, new String[] {"a", "b", "c"});
        Tensor y = Tensor.ofStrings(new int[] {2, 1}, new String[] {"p", "q"});
        Tensor out = new Where().run(Node.builder("Where").build(), new Tensor[] {cond, x, y})[0];
        assertArrayEquals(new int[] {2, 2, 3}, out.shape());
        assertArrayEquals(new String[] {"a", "b", "c", "a", "b", "c", "p", "p", "p", "q", "q", "q"}, out.strings());
    }

    @Test
    void comparisonsReturnBoolAndNanComparesFalse() {
        Tensor a = Tensor.ofFloats(new int[] {3}, 1f, Float.NaN, 2f);
        Tensor b = Tensor.ofFloats(new int[] {3}, 1f, Float.NaN, 3f);
        Tensor eq = new Equal().compute(a, b);
        assertEquals(DType.BOOL, eq.dtype());
        assertArrayEquals(new long[] {1, 0, 0}, eq.longs());
        assertArrayEquals(new long[] {0, 0, 1}, new Less().compute(a, b).longs());
        assertArrayEquals(new long[] {0, 0, 0}, new Greater().compute(a, b).longs());
    }

    @Test
    void equalOnStringsAndBools() {
        Tensor s = Tensor.ofStrings(new int[] {2}, new String[] {"x", "y"});
        Tensor t = Tensor.ofStrings(new int[0], new String[] {"y"});
        assertArrayEquals(new long[] {0, 1}, new Equal().compute(s, t).longs());
        Tensor p = Tensor.of(DType.BOOL, new int[] {2}, new long[] {1, 0});
        assertArrayEquals(new long[] {0, 1}, new Equal().compute(p, Tensor.of(DType.BOOL, new int[0], new long[] {0}))
                .longs());
    }
}
