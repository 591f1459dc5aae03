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

class DequantizeLinearTest {
    @Test
    void subtractsTheZeroPointAndScales() {
        Tensor x = Tensor.of(DType.UINT8, new int[] {4}, new long[] {0, 3, 128, 255});
        Tensor y = run(node(), x, Tensor.scalar(2), Tensor.of(DType.UINT8, new int[0], new long[] {128}));
        assertArrayEquals(new float[] {-256, -250, 0, 254}, y.floats());
    }

    @Test
    void int32NeedsNoZeroPoint() {
        Tensor x = Tensor.of(DType.INT32, new int[] {2}, new long[] {-(1 << 20), 7});
        assertArrayEquals(new float[] {-524288, 3.5f}, run(node(), x, Tensor.scalar(0.5f)).floats());
    }

    @Test
    void perAxisAndBlockedScales() {
        Tensor x = Tensor.of(DType.INT8, new int[] {2, 3}, new long[] {1, 1, 1, 2, 2, 2});
        Node axis0 = node().toBuilder().attr("axis", Attribute.ofInt(0)).build();
        assertArrayEquals(new float[] {3, 3, 3, 8, 8, 8}, run(axis0, x, Tensor.ofFloats(new int[] {2}, 3, 4)).floats());
        Node blocked = node().toBuilder().attr("block_size", Attribute.ofInt(2)).build();
        Tensor scale = Tensor.ofFloats(new int[] {2, 2}, 1, 10, 100, 1000);
        assertArrayEquals(new float[] {1, 1, 10, 200, 200, 2000}, run(blocked, x, scale).floats());
    }

    @Test
    void outputFollowsTheScaleTypeOrOutputDtype() {
        Tensor x = Tensor.of(DType.INT8, new int[] {1}, new long[] {1});
        // 0.1 as float16 is 0.0999755859375
        Tensor halfScale = Tensor.of(DType.FLOAT16, new int[0], new float[] {0.1f});
        Tensor y = run(node(), x, halfScale);
        assertEquals(DType.FLOAT16, y.dtype());
        assertArrayEquals(new float[] {0.0999755859375f}, y.floats());
        Node n = node().toBuilder().attr("output_dtype", Attribute.ofInt(DType.FLOAT16.onnxCode())).build();
        assertArrayEquals(new float[] {0.0999755859375f}, run(n, x, Tensor.scalar(0.1f)).floats());
        TensorType[] in = {TensorType.of(DType.INT8, 4), TensorType.of(DType.BFLOAT16)};
        assertEquals(TensorType.of(DType.BFLOAT16, 4), new DequantizeLinear().infer(node(), in, new Tensor[2])[0]);
    }

    @Test
    void float8InputsTakeOnlyAZeroZeroPoint() {
        Tensor x = Tensor.of(DType.FLOAT8E4M3FN, new int[] {2}, new float[] {448, -0.5f});
        Tensor zero = Tensor.of(DType.FLOAT8E4M3FN, new int[] {1}, new float[] {0});
        assertArrayEquals(new float[] {896, -1}, run(node(), x, Tensor.scalar(2), zero).floats());
        Tensor one = Tensor.of(DType.FLOAT8E4M3FN, new int[] {1}, new float[] {1});
        assertThrows(IllegalArgumentException.class, () -> run(node(), x, Tensor.scalar(2), one));
    }

    @Test
    void zeroPointMustHaveTheInputType() {
        Tensor x = Tensor.of(DType.INT8, new int[] {1}, new long[] {1});
        Tensor zeroPoint = Tensor.of(DType.UINT8, new int[0], new long[] {1});
        assertThrows(IllegalArgumentException.class, () -> run(node(), x, Tensor.scalar(1), zeroPoint));
    }

    private static Node node() {
        return Node.builder("DequantizeLinear").name("dq").inputs("x", "s", "z").outputs("y").build();
    }

    private static Tensor run(Node n, Tensor... in) {
        return new DequantizeLinear().run(n, in)[0];
    }
}
