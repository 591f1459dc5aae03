package qmap.ops;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import qmap.ir.Attribute;
import qmap.ir.DType;
import qmap.ir.Node;
import qmap.ir.Tensor;

class SoftmaxTest {
    private static Tensor run(Operator op, long axis, Tensor x) {
        Node node = Node.builder("Softmax").attr("axis", Attribute.ofInt(axis)).build();
        return op.run(node, new Tensor[] {x})[0];
    }

    @Test
    void largeInputsDoNotOverflow() {
        Tensor x = Tensor.ofFloats(new int[] {3}, 1000f, 1001f, 1002f);
        double z = 1 + Math.E + Math.E * Math.E;
        float[] expected = {(float) (1 / z), (float) (Math.E / z), (float) (Math.E * Math.E / z)};
        assertArrayEquals(expected, run(new Softmax(), -1, x).floats(), 1e-7f);
        float[] log = run(new LogSoftmax(), -1, x).floats();
        assertEquals(-Math.log(z), log[0], 1e-6);
        assertEquals(2 - Math.log(z), log[2], 1e-6);
    }

    @Test
    void normalizesAlongTheGivenAxis() {
        // 2x2: along axis 0 each column sums to 1
        Tensor x = Tensor.of(DType.DOUBLE, new int[] {2, 2}, new double[] {0, 1, Math.log(3), 1});
        assertArrayEquals(new double[] {0.25, 0.5, 0.75, 0.5}, run(new Softmax(), 0, x).doubles(), 1e-15);
    }

    @Test
    void keepsNarrowFloatTypes() {
        Tensor x = Tensor.of(DType.FLOAT16, new int[] {2}, new float[] {0, 0});
        Tensor y = run(new Softmax(), -1, x);
        assertEquals(DType.FLOAT16, y.dtype());
        assertArrayEquals(new float[] {0.5f, 0.5f}, y.floats());
        assertThrows(IllegalArgumentException.class,
                () -> run(new Softmax(), -1, Tensor.ofLongs(new int[] {2}, 1, 2)));
    }
}
