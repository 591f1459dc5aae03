package qmap.kernels;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.util.Random;
import java.util.concurrent.ForkJoinPool;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import qmap.ir.Attribute;
import qmap.ir.Node;
import qmap.ir.Tensor;
import qmap.ops.Concat;

/** FastConcat against the reference Concat: the same values, on any axis; integers go to the reference. */
class FastConcatTest {
    private static final ForkJoinPool POOL = new ForkJoinPool(2);
    private static final Concat REFERENCE = new Concat();
    private static final FastConcat FAST = new FastConcat(REFERENCE);
    private final Random rnd = new Random(13);

    @AfterAll
    static void stopPool() {
        POOL.shutdown();
    }

    private void check(long axis, int[]... shapes) {
        Tensor[] in = new Tensor[shapes.length];
        for (int i = 0; i < shapes.length; i++) {
            in[i] = KernelCheck.random(rnd, shapes[i]);
        }
        Node node = Node.builder("Concat").name("c").inputs("a", "b").outputs("y").attr("axis", Attribute.ofInt(axis))
                .build();
        Tensor ref = REFERENCE.run(node, in)[0];
        KernelCheck.assertSame(ref, FAST.run(node, in)[0], "axis " + axis);
        KernelCheck.assertSame(ref, FAST.run(node, in, POOL)[0], "axis " + axis + " (pool)");
    }

    @Test
    void everyAxisAndUnevenParts() {
        check(1, new int[] {1, 24, 16, 16}, new int[] {1, 24, 16, 16}, new int[] {1, 24, 16, 16}, new int[] {1, 24, 16, 16});
        check(1, new int[] {2, 3, 5}, new int[] {2, 7, 5});
        check(0, new int[] {3, 4}, new int[] {1, 4}, new int[] {2, 4});
        check(-1, new int[] {2, 3, 5}, new int[] {2, 3, 1});
        check(2, new int[] {2, 3, 0}, new int[] {2, 3, 4});
    }

    @Test
    void integersGoToTheReference() {
        Node node = Node.builder("Concat").name("c").inputs("a", "b").outputs("y").attr("axis", Attribute.ofInt(0))
                .build();
        Tensor a = Tensor.ofLongs(new int[] {2}, 1, 2);
        assertArrayEquals(new long[] {1, 2, 1, 2}, FAST.run(node, new Tensor[] {a, a})[0].longs());
    }
}
