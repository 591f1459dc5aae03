package qmap.ops;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import org.junit.jupiter.api.Test;
import qmap.ir.Attribute;
import qmap.ir.DType;
import qmap.ir.Node;
import qmap.ir.Tensor;
import qmap.ir.TensorType;

class PadTest {
    private static final Pad PAD = new Pad();
    private static final Tensor ONE_TWO_THREE = Tensor.ofFloats(new int[] {3}, 1, 2, 3);

    private static Node node(String mode) {
        return Node.builder("Pad").name("p").inputs("x", "pads", "value", "axes").outputs("y")
                .attr("mode", Attribute.ofString(mode)).build();
    }

    private static Tensor ints(long... v) {
        return Tensor.ofLongs(new int[] {v.length}, v);
    }

    @Test
    void reflectMirrorsWithoutRepeatingTheEdge() {
        Tensor y = PAD.run(node("reflect"), new Tensor[] {ONE_TWO_THREE, ints(2, 2)})[0];
        assertArrayEquals(new float[] {3, 2, 1, 2, 3, 2, 1}, y.floats());
    }

    @Test
    void edgeRepeatsTheBorderValue() {
        Tensor y = PAD.run(node("edge"), new Tensor[] {ONE_TWO_THREE, ints(2, 1)})[0];
        assertArrayEquals(new float[] {1, 1, 1, 2, 3, 3}, y.floats());
    }

    @Test
    void wrapCyclesPastTheDimSize() {
        Tensor y = PAD.run(node("wrap"), new Tensor[] {ONE_TWO_THREE, ints(2, 4)})[0];
        assertArrayEquals(new float[] {2, 3, 1, 2, 3, 1, 2, 3, 1}, y.floats());
    }

    @Test
    void negativePadsCropAndConstantFills() {
        Tensor x = Tensor.ofFloats(new int[] {2, 3}, 1, 2, 3, 4, 5, 6);
        // axis 0: +0 before, +1 after; axis 1: -1 before, -1 after
        Tensor y = PAD.run(node("constant"), new Tensor[] {x, ints(0, -1, 1, -1), Tensor.scalar(9)})[0];
        assertArrayEquals(new int[] {3, 1}, y.shape());
        assertArrayEquals(new float[] {2, 5, 9}, y.floats());
    }

    @Test
    void axesInputPadsOnlyTheListedAxis() {
        Tensor x = Tensor.of(DType.INT8, new int[] {2, 2}, new long[] {1, 2, 3, 4});
        Tensor y = PAD.run(node("constant"), new Tensor[] {x, ints(1, 0), null, ints(-1)})[0];
        assertArrayEquals(new int[] {2, 3}, y.shape());
        assertArrayEquals(new long[] {0, 1, 2, 0, 3, 4}, y.longs());
    }

    @Test
    void infersPaddedDims() {
        TensorType[] in = {TensorType.of(DType.FLOAT, -1, 4), TensorType.of(DType.INT64, 4), null, null};
        TensorType y = PAD.infer(node("constant"), in, new Tensor[] {null, ints(1, 2, 3, -1), null, null})[0];
        assertArrayEquals(new int[] {-1, 5}, y.dims());
    }
}
