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

class QuantizeLinearTest {
    @Test
    void roundsHalfToEvenAddsTheZeroPointAndSaturates() {
        Tensor x = Tensor.ofFloats(new int[] {6}, 0, 2, 3, 1000, -254, 5);
        Tensor y = run(node(), x, Tensor.scalar(2), Tensor.of(DType.UINT8, new int[0], new long[] {128}));
        // 3 / 2 = 1.5 rounds to 2, 5 / 2 = 2.5 rounds to 2
        assertEquals(DType.UINT8, y.dtype());
        assertArrayEquals(new long[] {128, 129, 130, 255, 1, 130}, y.longs());
    }

    @Test
    void outputDtypeChoosesTheTypeWithoutZeroPoint() {
        Node n = node().toBuilder().attr("output_dtype", Attribute.ofInt(DType.INT8.onnxCode())).build();
        Tensor y = run(n, Tensor.ofFloats(new int[] {3}, -300, 127.5f, -0.5f), Tensor.scalar(1));
        assertEquals(DType.INT8, y.dtype());
        assertArrayEquals(new long[] {-128, 127, 0}, y.longs());
        Tensor huge = run(n, Tensor.ofFloats(new int[] {3}, 1e10f, -1e10f, Float.NaN), Tensor.scalar(1));
        assertArrayEquals(new long[] {127, -128, -128}, huge.longs());
        assertEquals(DType.UINT8, run(node(), Tensor.scalar(1), Tensor.scalar(1)).dtype());
    }

    @Test
    void perAxisScalesFollowTheAxis() {
        Tensor x = Tensor.ofFloats(new int[] {2, 2}, 10, 10, 20, 20);
        Tensor y = run(node(), x, Tensor.ofFloats(new int[] {2}, 1, 10));
        assertArrayEquals(new long[] {10, 1, 20, 2}, y.longs());
    }

    @Test
    void blockedScalesCoverBlocksIncludingAShortLastOne() {
        Node n = node().toBuilder().attr("block_size", Attribute.ofInt(2)).build();
        Tensor x = Tensor.ofFloats(new int[] {2, 5}, 4, 4, 4, 4, 4, 8, 8, 8, 8, 8);
        Tensor scale = Tensor.ofFloats(new int[] {2, 3}, 1, 2, 4, 1, 4, 8);
        Tensor zeroPoint = Tensor.of(DType.INT4, new int[] {2, 3}, new long[] {0, 0, 1, 0, 0, 7});
        assertArrayEquals(new long[] {4, 4, 2, 2, 2, 7, 7, 2, 2, 7}, run(n, x, scale, zeroPoint).longs());
        Tensor wrongScale = Tensor.ofFloats(new int[] {2, 2}, 1, 1, 1, 1);
        assertThrows(IllegalArgumentException.class, () -> run(n, x, wrongScale));
    }

    @Test
    void float8TargetsSaturateUnlessToldNot() {
        Tensor x = Tensor.ofFloats(new int[] {3}, 1000, -1000, 0.3f);
        Tensor zeroPoint = Tensor.of(DType.FLOAT8E4M3FN, new int[] {1}, new float[] {0});
        assertArrayEquals(new float[] {448, -448, 0.3125f}, run(node(), x, Tensor.scalar(1), zeroPoint).floats());
        Node n = node().toBuilder().attr("saturate", Attribute.ofInt(0)).build();
        assertArrayEquals(new float[] {Float.NaN, Float.NaN, 0.3125f}, run(n, x, Tensor.scalar(1), zeroPoint).floats());
    }

    @Test
    void float4AddsTheZeroPointAndSaturates() {
        Tensor x = Tensor.ofFloats(new int[] {3}, 1, 100, -2);
        Tensor zeroPoint = Tensor.of(DType.FLOAT4E2M1, new int[0], new float[] {0.5f});
        assertArrayEquals(new float[] {1.5f, 6, -1.5f}, run(node(), x, Tensor.scalar(1), zeroPoint).floats());
    }

    @Test
    void precisionAttributeRoundsTheOperandsFirst() {
        // 2049 is not a float16: in float16 precision it becomes 2048
        Tensor x = Tensor.ofFloats(new int[] {1}, 2049);
        Tensor zeroPoint = Tensor.of(DType.INT16, new int[0], new long[] {0});
        assertArrayEquals(new long[] {2049}, run(node(), x, Tensor.scalar(1), zeroPoint).longs());
        Node n = node().toBuilder().attr("precision", Attribute.ofInt(DType.FLOAT16.onnxCode())).build();
        assertArrayEquals(new long[] {2048}, run(n, x, Tensor.scalar(1), zeroPoint).longs());
    }

    @Test
    void outputDtypeMustAgreeWithTheZeroPoint() {
        Node n = node().toBuilder().attr("output_dtype", Attribute.ofInt(DType.INT8.onnxCode())).build();
        Tensor zeroPoint = Tensor.of(DType.UINT8, new int[0], new long[] {0});
        assertThrows(IllegalArgumentException.class, () -> run(n, Tensor.scalar(1), Tensor.scalar(1), zeroPoint));
    }

    @Test
    void infersTheZeroPointTypeAndTheInputShape() {
        TensorType[] in = {TensorType.of(DType.FLOAT, 2, 3), TensorType.of(DType.FLOAT), TensorType.of(DType.INT4)};
        TensorType out = new QuantizeLinear().infer(node(), in, new Tensor[3])[0];
        assertEquals(TensorType.of(DType.INT4, 2, 3), out);
    }

    private static Node node() {
        return Node.builder("QuantizeLinear").name("q").inputs("x", "s", "z").outputs("y").build();
    }

    private static Tensor run(Node n, Tensor... in) {
        return new QuantizeLinear().run(n, in)[0];
    }
}
