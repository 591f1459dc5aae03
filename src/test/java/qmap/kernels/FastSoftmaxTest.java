package qmap.kernels;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import java.util.concurrent.ForkJoinPool;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import qmap.ir.Attribute;
import qmap.ir.Node;
import qmap.ir.Tensor;
import qmap.ops.Softmax;

/**
 * FastSoftmax against the reference (double) Softmax: each output within 1e-6 of it (outputs lie
 * in [0, 1]; float32 exp and sum are a few ulp off), rows of odd lengths, large and tiny inputs,
 * and identical results on a pool; other axes go to the reference.
 */
class FastSoftmaxTest {
    private static final ForkJoinPool POOL = new ForkJoinPool(2);
    private static final Softmax REFERENCE = new Softmax();
    private static final FastSoftmax FAST = new FastSoftmax(REFERENCE);
    private final Random rnd = new Random(11);

    @AfterAll
    static void stopPool() {
        POOL.shutdown();
    }

    private void check(long axis, float scale, int... shape) {
        Tensor x = KernelCheck.random(rnd, shape);
        float[] v = x.floats();
        for (int i = 0; i < v.length; i++) {
            v[i] *= scale;
        }
        if (v.length > 3) {
            v[1] = -1e30f;
            v[2] = 80f * scale;
        }
        Node node = Node.builder("Softmax").name("s").inputs("x").outputs("y").attr("axis", Attribute.ofInt(axis))
                .build();
        float[] ref = REFERENCE.run(node, new Tensor[] {x})[0].floats();
        Tensor serial = FAST.run(node, new Tensor[] {x})[0];
        float[] got = serial.floats();
        for (int i = 0; i < ref.length; i++) {
            assertTrue(Math.abs(got[i] - ref[i]) <= 1e-6, java.util.Arrays.toString(shape) + " axis " + axis
                    + " element " + i + ": " + got[i] + " vs " + ref[i]);
        }
        KernelCheck.assertSame(serial, FAST.run(node, new Tensor[] {x}, POOL)[0], "pool");
    }

    @Test
    void lastAxisRowsOfOddLengths() {
        check(-1, 1f, 40, 6625);
        check(2, 10f, 2, 3, 13);
        check(-1, 30f, 7);
        // rows long enough for the vector maximum, with values that overflow e^x unless it is subtracted
        check(-1, 30f, 3, 21);
        check(-1, 1f, 5, 1);
        check(-1, 1f, 3, 8, 40);
    }

    @Test
    void otherAxesGoToTheReference() {
        check(1, 3f, 2, 5, 6);
        check(0, 1f, 9, 4);
    }
}
