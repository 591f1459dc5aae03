package qmap.ops;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import qmap.ir.Attribute;
import qmap.ir.DType;
import qmap.ir.Node;
import qmap.ir.Tensor;
import qmap.ir.TensorType;

class CastTest {
    private static final float NAN = Float.NaN;
    private static final float INF = Float.POSITIVE_INFINITY;

    @Test
    void float8SaturatesByDefault() {
        // the spec's saturate table: Inf and out-of-range values become ±FLT_MAX, NaN stays NaN
        float[] x = {1000, -1000, INF, -INF, NAN, 0.3f};
        assertArrayEquals(new float[] {448, -448, 448, -448, NAN, 0.3125f}, cast(floats(x), DType.FLOAT8E4M3FN).floats());
        assertArrayEquals(new float[] {57344, -57344, 57344, 1024, NAN},
                cast(floats(1e6f, -1e6f, INF, 1000, NAN), DType.FLOAT8E5M2).floats());
    }

    @Test
    void float8WithoutSaturationOverflowsToNaNOrInfinity() {
        float[] x = {1000, INF, -INF, -0f};
        assertArrayEquals(new float[] {NAN, NAN, NAN, -0f}, cast(floats(x), DType.FLOAT8E4M3FN, 0).floats());
        assertArrayEquals(new float[] {NAN, NAN, NAN, 0f}, cast(floats(x), DType.FLOAT8E4M3FNUZ, 0).floats());
        assertArrayEquals(new float[] {1024, INF, -INF, -0f}, cast(floats(x), DType.FLOAT8E5M2, 0).floats());
        assertArrayEquals(new float[] {INF}, cast(floats(1e6f), DType.FLOAT8E5M2, 0).floats());
        assertArrayEquals(new float[] {NAN}, cast(floats(1e6f), DType.FLOAT8E5M2FNUZ, 0).floats());
    }

    @Test
    void float16AndBfloat16RoundToNearestEven() {
        // 1 + 2^-11 is a tie between float16 1 and 1 + 2^-10; 65520 overflows float16
        assertArrayEquals(new float[] {1f, INF}, cast(floats(1 + 0x1p-11f, 65520f), DType.FLOAT16).floats());
        // 1 + 3 * 2^-9 lies three quarters of the way from bfloat16 1 to 1 + 2^-7
        assertArrayEquals(new float[] {1 + 0x1p-7f}, cast(floats(1 + 3 * 0x1p-9f), DType.BFLOAT16).floats());
    }

    @Test
    void float4Saturates() {
        float[] y = cast(floats(9f, -3.5f, 0.25f, INF, NAN), DType.FLOAT4E2M1).floats();
        assertArrayEquals(new float[] {6f, -4f, 0f, 6f, -0f}, y);
        assertEquals(Float.floatToRawIntBits(-0f), Float.floatToRawIntBits(y[4]));
    }

    @Test
    void float8e8m0RoundsUpUnlessToldOtherwise() {
        Tensor x = floats(0.124f, 3f, 1.1f);
        assertArrayEquals(new float[] {0.125f, 4f, 2f}, cast(x, DType.FLOAT8E8M0).floats());
        Node down = node(DType.FLOAT8E8M0).toBuilder().attr("round_mode", Attribute.ofString("down")).build();
        assertArrayEquals(new float[] {0.0625f, 2f, 1f}, new Cast().run(down, new Tensor[] {x})[0].floats());
        Node nearest = node(DType.FLOAT8E8M0).toBuilder().attr("round_mode", Attribute.ofString("nearest")).build();
        assertArrayEquals(new float[] {0.125f, 4f, 1f}, new Cast().run(nearest, new Tensor[] {x})[0].floats());
    }

    @Test
    void floatsTruncateTowardZeroAndWrapLikeX86() {
        Tensor x = floats(2.7f, -2.7f, 300f, NAN, 1e10f);
        // 300 keeps its low byte 0x2C; NaN and 1e10 give 0x80000000, whose low bits are 0
        assertArrayEquals(new long[] {2, -2, 44, 0, 0}, cast(x, DType.INT8).longs());
        assertArrayEquals(new long[] {2, 254, 44, 0, 0}, cast(x, DType.UINT8).longs());
        assertArrayEquals(new long[] {2, -2, 300, Integer.MIN_VALUE, Integer.MIN_VALUE}, cast(x, DType.INT32).longs());
        assertArrayEquals(new long[] {2, -2, 300, Long.MIN_VALUE, 10_000_000_000L}, cast(x, DType.INT64).longs());
        assertArrayEquals(new long[] {2, -2, -4, 0, 0}, cast(x, DType.INT4).longs());
        assertArrayEquals(new long[] {1, 1, 1, 1, 1}, cast(x, DType.BOOL).longs());
        assertArrayEquals(new long[] {0, 0}, cast(floats(0f, -0f), DType.BOOL).longs());
    }

    @Test
    void integersWrapIntoNarrowerIntegers() {
        // the spec's example: 200 (int16) is -56 as int8
        Tensor x = Tensor.of(DType.INT16, new int[] {3}, new long[] {200, -1, 7});
        assertArrayEquals(new long[] {-56, -1, 7}, cast(x, DType.INT8).longs());
        assertArrayEquals(new long[] {8, 15, 7}, cast(x, DType.UINT4).longs());
        assertArrayEquals(new long[] {0, -1, -1}, cast(x, DType.INT2).longs());
        assertArrayEquals(new long[] {1, 1, 1}, cast(x, DType.BOOL).longs());
    }

    @Test
    void unsigned64BitValuesConvertAsUnsigned() {
        Tensor x = Tensor.of(DType.UINT64, new int[] {1}, new long[] {-1L});
        assertArrayEquals(new float[] {1.8446744e19f}, cast(x, DType.FLOAT).floats());
        assertArrayEquals(new double[] {18446744073709551615.0}, cast(x, DType.DOUBLE).doubles());
        assertArrayEquals(new String[] {"18446744073709551615"}, cast(x, DType.STRING).strings());
    }

    @Test
    void numbersBecomeStringsAsOnnxRuntimeWritesThem() {
        assertArrayEquals(new String[] {"0.1", "9.9999997e-06", "NaN", "-INF", "1", "-0"},
                cast(floats(0.1f, 1e-5f, NAN, -INF, 1f, -0f), DType.STRING).strings());
        Tensor ints = Tensor.of(DType.INT8, new int[] {2}, new long[] {-128, 5});
        assertArrayEquals(new String[] {"-128", "5"}, cast(ints, DType.STRING).strings());
    }

    @Test
    void stringsBecomeNumbers() {
        Tensor s = Tensor.ofStrings(new int[] {6}, new String[] {"1e-5", "NaN", "INF", "-INF", "+inf", " 3.5abc"});
        assertArrayEquals(new float[] {1e-5f, NAN, INF, -INF, INF, 3.5f}, cast(s, DType.FLOAT).floats());
        Tensor ints = Tensor.ofStrings(new int[] {3}, new String[] {"100.5", "-7", "300"});
        // "-7" read as unsigned is 2^64 - 7, whose low byte is 249
        assertArrayEquals(new long[] {100, 249, 44}, cast(ints, DType.UINT8).longs());
        assertArrayEquals(new long[] {100, -7, 300}, cast(ints, DType.INT32).longs());
        Tensor bad = Tensor.ofStrings(new int[] {1}, new String[] {"Hello"});
        assertThrows(IllegalArgumentException.class, () -> cast(bad, DType.FLOAT));
    }

    @Test
    void infersTheTargetTypeAndKeepsTheShape() {
        TensorType in = new TensorType(DType.FLOAT, new int[] {2, -1}, new String[] {null, "batch"});
        TensorType out = new Cast().infer(node(DType.FLOAT16), new TensorType[] {in}, new Tensor[1])[0];
        assertEquals(DType.FLOAT16, out.dtype());
        assertArrayEquals(new int[] {2, -1}, out.dims());
        assertThrows(IllegalArgumentException.class,
                () -> new Cast().run(Node.builder("Cast").inputs("x").outputs("y").build(), new Tensor[] {floats(1)}));
    }

    private static Tensor floats(float... v) {
        return Tensor.ofFloats(new int[] {v.length}, v);
    }

    private static Node node(DType to) {
        return Node.builder("Cast").name("c").inputs("x").outputs("y").attr("to", Attribute.ofInt(to.onnxCode())).build();
    }

    private static Tensor cast(Tensor x, DType to) {
        return new Cast().run(node(to), new Tensor[] {x})[0];
    }

    private static Tensor cast(Tensor x, DType to, int saturate) {
        Node n = node(to).toBuilder().attr("saturate", Attribute.ofInt(saturate)).build();
        return new Cast().run(n, new Tensor[] {x})[0];
    }
}
