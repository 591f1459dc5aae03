package qmap.kernels;

import java.util.Random;
import java.util.concurrent.ForkJoinPool;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import qmap.ir.DType;
import qmap.ir.Node;
import qmap.ir.Tensor;
import qmap.ops.Pow;
import qmap.ops.Workspace;

/** FastPow against the reference Pow: squares bit for bit (odd sizes, one thread and two), other exponents through the reference. */
class FastPowTest {
    private static final Pow REFERENCE = new Pow();
    private static final FastPow FAST = new FastPow(REFERENCE);
    private static final ForkJoinPool POOL = new ForkJoinPool(2);
    private static final Node NODE = Node.builder("Pow").name("p").inputs("x", "e").outputs("y").build();
    private final Random rnd = new Random(9);

    @AfterAll
    static void stopPool() {
        POOL.shutdown();
    }

    private void check(int[] shape, int[] exponentShape, float exponent) {
        float[] v = new float[qmap.ir.Shapes.size(shape)];
        for (int i = 0; i < v.length; i++) {
            // wide magnitudes: squares that overflow, underflow and round
            v[i] = (float) (rnd.nextGaussian() * Math.pow(10, rnd.nextInt(50) - 25));
        }
        float[] e = new float[qmap.ir.Shapes.size(exponentShape)];
        java.util.Arrays.fill(e, exponent);
        Tensor[] in = {Tensor.ofFloats(shape, v), Tensor.of(DType.FLOAT, exponentShape, e)};
        String what = java.util.Arrays.toString(shape) + " ^ " + exponent;
        Tensor ref = REFERENCE.run(NODE, in)[0];
        KernelCheck.assertSame(ref, FAST.run(NODE, in, Workspace.SERIAL)[0], what);
        KernelCheck.assertSame(ref, FAST.run(NODE, in, Workspace.of(POOL))[0], what + " (pool)");
    }

    @Test
    void squaresMatchTheReferenceBitForBit() {
        check(new int[] {1, 40, 120}, new int[] {}, 2f);
        check(new int[] {3, 7}, new int[] {1, 1}, 2f);
        check(new int[] {70001}, new int[] {1}, 2f);
        check(new int[] {5}, new int[] {}, 2f);
    }

    @Test
    void otherExponentsGoToTheReference() {
        check(new int[] {4, 9}, new int[] {}, 3f);
        check(new int[] {4, 9}, new int[] {}, 0.5f);
        check(new int[] {2}, new int[] {2, 1, 1}, 2f);
    }
}
