package qmap.ops;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import org.junit.jupiter.api.Test;
import qmap.ir.DType;
import qmap.ir.Node;
import qmap.ir.Tensor;
import qmap.ir.TensorType;

class SliceTest {
    private static final Slice SLICE = new Slice();
    private static final Tensor RANGE10 = Tensor.ofLongs(new int[] {10}, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9);

    private static Node node(int inputs) {
        String[] names = {"x", "starts", "ends", "axes", "steps"};
        return Node.builder("Slice").name("s").inputs(java.util.Arrays.copyOf(names, inputs)).outputs("y").build();
    }

    private static Tensor ints(long... v) {
        return Tensor.ofLongs(new int[] {v.length}, v);
    }

    private static Tensor slice(Tensor x, Tensor... rest) {
        Tensor[] in = new Tensor[1 + rest.length];
        in[0] = x;
        System.arraycopy(rest, 0, in, 1, rest.length);
        return SLICE.run(node(in.length), in)[0];
    }

    @Test
    void negativeStepWalksBackwardsFromStart() {
        Tensor y = slice(RANGE10, ints(8), ints(1), ints(0), ints(-3));
        assertArrayEquals(new long[] {8, 5, 2}, y.longs());
    }

    @Test
    void extremeEndsAreClampedToTheAxis() {
        Tensor reversed = slice(RANGE10, ints(-1), ints(Long.MIN_VALUE), ints(0), ints(-1));
        assertArrayEquals(new long[] {9, 8, 7, 6, 5, 4, 3, 2, 1, 0}, reversed.longs());
        Tensor tail = slice(RANGE10, ints(2), ints(Long.MAX_VALUE), ints(-1), ints(4));
        assertArrayEquals(new long[] {2, 6}, tail.longs());
        Tensor huge = slice(RANGE10, ints(3), ints(Integer.MAX_VALUE), ints(0), ints(Long.MAX_VALUE));
        assertArrayEquals(new long[] {3}, huge.longs());
    }

    @Test
    void startPastTheEndGivesAnEmptyTensor() {
        Tensor y = slice(RANGE10, ints(20), ints(30));
        assertArrayEquals(new int[] {0}, y.shape());
    }

    @Test
    void slicesTwoAxesOfAMatrix() {
        float[] v = new float[12];
        for (int i = 0; i < 12; i++) {
            v[i] = i;
        }
        Tensor x = Tensor.ofFloats(new int[] {3, 4}, v);
        // rows 1..2, columns 3 and 1 (backwards by 2)
        Tensor y = slice(x, ints(1, -1), ints(3, Long.MIN_VALUE), ints(0, 1), ints(1, -2));
        assertArrayEquals(new int[] {2, 2}, y.shape());
        assertArrayEquals(new float[] {7, 5, 11, 9}, y.floats());
    }

    @Test
    void infersSlicedDimsAndKeepsUnknownOnes() {
        TensorType x = TensorType.of(DType.FLOAT, -1, 10);
        Tensor[] values = {null, ints(1, 2), ints(-1, 9), null};
        TensorType[] in = {x, TensorType.of(DType.INT64, 2), TensorType.of(DType.INT64, 2), null};
        TensorType y = SLICE.infer(node(3), in, values)[0];
        assertArrayEquals(new int[] {-1, 7}, y.dims());
    }
}
