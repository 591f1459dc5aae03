package qmap.ops;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import org.junit.jupiter.api.Test;
import qmap.ir.DType;
import qmap.ir.Node;
import qmap.ir.Tensor;
import qmap.ir.TensorType;

class MatMulTest {
    private static final Node NODE = Node.builder("MatMul").name("m").inputs("a", "b").outputs("y").build();
    private final MatMul matMul = new MatMul();

    @Test
    void vectorTimesBatchOfMatricesDropsTheVectorAxis() {
        Tensor a = Tensor.ofFloats(new int[] {2}, 1, 2);
        Tensor b = Tensor.ofFloats(new int[] {2, 2, 3}, 1, 0, 1, 0, 1, 1, 1, 1, 1, 1, 1, 1);
        Tensor y = matMul.run(NODE, new Tensor[] {a, b})[0];
        assertArrayEquals(new int[] {2, 3}, y.shape());
        assertArrayEquals(new float[] {1, 2, 3, 3, 3, 3}, y.floats());
    }

    @Test
    void batchAxesBroadcast() {
        // a[i] = [i + 1, 1] as 1x2, b[j] = [j, 1] as 2x1, so y[i][j] = (i + 1) * j + 1
        Tensor a = Tensor.ofFloats(new int[] {2, 1, 1, 2}, 1, 1, 2, 1);
        Tensor b = Tensor.ofFloats(new int[] {3, 2, 1}, 0, 1, 1, 1, 2, 1);
        Tensor y = matMul.run(NODE, new Tensor[] {a, b})[0];
        assertArrayEquals(new int[] {2, 3, 1, 1}, y.shape());
        assertArrayEquals(new float[] {1, 2, 3, 1, 3, 5}, y.floats());
    }

    @Test
    void int64ProductsWrapLikeTwosComplement() {
        Tensor a = Tensor.ofLongs(new int[] {1, 1}, Long.MAX_VALUE);
        Tensor b = Tensor.ofLongs(new int[] {1, 1}, 2);
        assertArrayEquals(new long[] {-2}, matMul.run(NODE, new Tensor[] {a, b})[0].longs());
    }

    @Test
    void inferenceKeepsUnknownBatchDims() {
        TensorType[] t = matMul.infer(NODE, new TensorType[] {TensorType.of(DType.FLOAT, -1, 3, 4),
            TensorType.of(DType.FLOAT, 4, 5)}, new Tensor[2]);
        assertArrayEquals(new int[] {-1, 3, 5}, t[0].dims());
        TensorType[] v = matMul.infer(NODE, new TensorType[] {TensorType.of(DType.FLOAT, 4),
            TensorType.of(DType.FLOAT, -1, 4, 5)}, new Tensor[2]);
        assertArrayEquals(new int[] {-1, 5}, v[0].dims());
    }
}
