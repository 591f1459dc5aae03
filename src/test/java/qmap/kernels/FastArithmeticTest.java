package qmap.kernels;

import java.util.Random;
import java.util.concurrent.ForkJoinPool;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import qmap.ir.Node;
import qmap.ir.Tensor;
import qmap.ops.Add;
import qmap.ops.Div;
import qmap.ops.Mul;
import qmap.ops.Operator;
import qmap.ops.Sub;

/**
 * FastArithmetic against the reference ops over broadcasting patterns, both operand orders.
 * A float32 operation rounds exactly as the reference's double operation rounded to float32,
 * so the values must be bit-identical.
 */
class FastArithmeticTest {
    private static final ForkJoinPool POOL = new ForkJoinPool(2);
    private static final int[][][] PAIRS = {
        {{2, 3, 4, 5}, {2, 3, 4, 5}},
        {{1, 32, 64, 64}, {}},
        {{1, 32, 64, 64}, {1}},
        {{2, 24, 33, 17}, {1, 24, 1, 1}},
        {{1, 6, 5, 7}, {5, 7}},
        {{3, 1, 4, 1}, {1, 5, 1, 6}},
        {{2, 3, 1}, {3, 7}},
        {{4, 1, 300, 300}, {4, 1, 1, 300}},
        {{1, 40, 120}, {120}},
        {{0, 3}, {1, 3}},
        {{}, {}},
    };

    @AfterAll
    static void stopPool() {
        POOL.shutdown();
    }

    @Test
    void everyBroadcastPatternMatchesTheReferenceExactly() {
        Random rnd = new Random(3);
        check(new Add(), FastArithmetic.Kind.ADD, rnd);
        check(new Sub(), FastArithmetic.Kind.SUB, rnd);
        check(new Mul(), FastArithmetic.Kind.MUL, rnd);
        check(new Div(), FastArithmetic.Kind.DIV, rnd);
    }

    private static void check(Operator reference, FastArithmetic.Kind kind, Random rnd) {
        FastArithmetic fast = new FastArithmetic(kind, reference);
        Node node = Node.builder(kind.name()).name("e").inputs("a", "b").outputs("y").build();
        for (int[][] pair : PAIRS) {
            for (int order = 0; order < 2; order++) {
                Tensor[] in = {KernelCheck.random(rnd, pair[order]), KernelCheck.random(rnd, pair[1 - order])};
                String what = kind + " " + java.util.Arrays.toString(in[0].shape()) + " "
                        + java.util.Arrays.toString(in[1].shape());
                Tensor ref = reference.run(node, in)[0];
                KernelCheck.assertSame(ref, fast.run(node, in)[0], what);
                KernelCheck.assertSame(ref, fast.run(node, in, POOL)[0], what + " (pool)");
            }
        }
    }

    @Test
    void integersGoToTheReference() {
        Node node = Node.builder("Add").name("e").inputs("a", "b").outputs("y").build();
        Tensor a = Tensor.ofLongs(new int[] {3}, 1, 2, 3);
        Tensor y = new FastArithmetic(FastArithmetic.Kind.ADD, new Add()).run(node, new Tensor[] {a, a})[0];
        org.junit.jupiter.api.Assertions.assertArrayEquals(new long[] {2, 4, 6}, y.longs());
    }
}
