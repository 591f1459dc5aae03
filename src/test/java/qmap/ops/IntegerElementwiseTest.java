package qmap.ops;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import qmap.ir.DType;
import qmap.ir.Node;
import qmap.ir.Tensor;

/** Integer semantics of the elementwise ops, which the backend tests cover only in part. */
class IntegerElementwiseTest {
    private static Tensor ints(DType t, long... v) {
        return Tensor.of(t, new int[] {v.length}, v);
    }

    private static Tensor run(Operator op, Tensor... in) {
        return op.run(Node.builder("op").build(), in)[0];
    }

    @Test
    void divisionTruncatesTowardZero() {
        Tensor q = new Div().compute(ints(DType.INT32, 7, -7, 7, -7), ints(DType.INT32, 2, 2, -2, -2));
        assertArrayEquals(new long[] {3, -3, -3, 3}, q.longs());
        assertThrows(IllegalArgumentException.class,
                () -> new Div().compute(ints(DType.INT8, 1), ints(DType.INT8, 0)));
    }

    @Test
    void uint64IsUnsigned() {
        long big = -2; // 2^64 - 2
        Tensor x = ints(DType.UINT64, big, 5);
        Tensor y = ints(DType.UINT64, 2, 7);
        assertArrayEquals(new long[] {Long.MAX_VALUE, 0}, new Div().compute(x, y).longs());
        assertArrayEquals(new long[] {1, 0}, new Greater().compute(x, y).longs());
        assertArrayEquals(new long[] {big, 7}, new Max().compute(x, y).longs());
        assertArrayEquals(new long[] {big, 5}, run(new Abs(), x).longs());
    }

    @Test
    void narrowIntegersWrap() {
        assertArrayEquals(new long[] {254}, new Sub().compute(ints(DType.UINT8, 3), ints(DType.UINT8, 5)).longs());
        assertArrayEquals(new long[] {-128}, run(new Abs(), ints(DType.INT8, -128)).longs());
        assertArrayEquals(new long[] {0}, new Mul().compute(ints(DType.INT16, 256), ints(DType.INT16, 256)).longs());
    }

    @Test
    void powKeepsTheBaseType() {
        Tensor p = new Pow().compute(ints(DType.INT32, 2, -3, 2, 1, -1), ints(DType.INT64, 10, 3, -1, -5, -3));
        assertEquals(DType.INT32, p.dtype());
        assertArrayEquals(new long[] {1024, -27, 0, 1, -1}, p.longs());
        Tensor fractional = new Pow().compute(ints(DType.INT64, 10, 2), Tensor.ofFloats(new int[] {2}, 0.5f, 2.5f));
        assertArrayEquals(new long[] {3, 5}, fractional.longs());
        Tensor real = new Pow().compute(Tensor.ofFloats(new int[] {2}, 1.5f, 4f), ints(DType.INT32, 2, -1));
        assertEquals(DType.FLOAT, real.dtype());
        assertArrayEquals(new float[] {2.25f, 0.25f}, real.floats());
    }

    @Test
    void clipOnIntegers() {
        Tensor x = ints(DType.INT8, -128, -5, 0, 5, 127);
        Tensor lo = Tensor.of(DType.INT8, new int[0], new long[] {-3});
        Tensor hi = Tensor.of(DType.INT8, new int[] {1}, new long[] {4});
        assertArrayEquals(new long[] {-3, -3, 0, 4, 4}, run(new Clip(), x, lo, hi).longs());
        assertArrayEquals(new long[] {-128, -5, 0, 4, 4}, run(new Clip(), x, null, hi).longs());
        // min above max: every element becomes max, as numpy.clip does
        assertArrayEquals(new long[] {-3, -3, -3, -3, -3},
                run(new Clip(), x, hi.reshape(new int[0]), lo).longs());
    }

    @Test
    void variadicOpsBroadcastAllInputs() {
        Tensor a = Tensor.of(DType.INT32, new int[] {2, 1}, new long[] {1, 10});
        Tensor b = ints(DType.INT32, 5, 6, 7);
        Tensor c = Tensor.of(DType.INT32, new int[0], new long[] {8});
        Tensor min = run(new Min(), a, b, c);
        assertArrayEquals(new int[] {2, 3}, min.shape());
        assertArrayEquals(new long[] {1, 1, 1, 5, 6, 7}, min.longs());
        assertArrayEquals(new long[] {14, 15, 16, 23, 24, 25}, run(new Sum(), a, b, c).longs());
    }

    @Test
    void notNegatesBools() {
        assertArrayEquals(new long[] {0, 1}, run(new Not(), ints(DType.BOOL, 1, 0)).longs());
        assertThrows(IllegalArgumentException.class, () -> run(new Not(), ints(DType.INT32, 1)));
    }
}
