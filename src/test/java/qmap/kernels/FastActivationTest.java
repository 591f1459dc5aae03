package qmap.kernels;

import java.util.Random;
import java.util.concurrent.ForkJoinPool;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import qmap.ir.Attribute;
import qmap.ir.Node;
import qmap.ir.Tensor;
import qmap.ops.HardSigmoid;
import qmap.ops.HardSwish;
import qmap.ops.Operator;
import qmap.ops.Relu;
import qmap.ops.Sigmoid;

/** FastActivation against the reference ops: bit-identical, with NaN, infinities and signed zeros. */
class FastActivationTest {
    private static final ForkJoinPool POOL = new ForkJoinPool(2);

    @AfterAll
    static void stopPool() {
        POOL.shutdown();
    }

    @Test
    void everyActivationMatchesTheReferenceExactly() {
        float[] v = KernelCheck.random(new Random(2), 2, 8, 61, 67).floats().clone();
        for (int i = 0; i < v.length; i++) {
            v[i] *= 10;
        }
        v[0] = Float.NaN;
        v[1] = -0f;
        v[2] = Float.NEGATIVE_INFINITY;
        v[3] = Float.POSITIVE_INFINITY;
        v[4] = -3f;
        v[5] = 3f;
        Tensor x = Tensor.ofFloats(new int[] {2, 8, 61, 67}, v);
        Node plain = Node.builder("A").name("a").inputs("x").outputs("y").build();
        Node tuned = plain.toBuilder().attr("alpha", Attribute.ofFloat(0.1666667f))
                .attr("beta", Attribute.ofFloat(0.5f)).build();
        check(new Relu(), FastActivation.Kind.RELU, plain, x);
        check(new Sigmoid(), FastActivation.Kind.SIGMOID, plain, x);
        check(new HardSigmoid(), FastActivation.Kind.HARD_SIGMOID, plain, x);
        check(new HardSigmoid(), FastActivation.Kind.HARD_SIGMOID, tuned, x);
        check(new HardSwish(), FastActivation.Kind.HARD_SWISH, plain, x);
    }

    private static void check(Operator reference, FastActivation.Kind kind, Node node, Tensor x) {
        FastActivation fast = new FastActivation(kind, reference);
        Tensor ref = reference.run(node, new Tensor[] {x})[0];
        KernelCheck.assertSame(ref, fast.run(node, new Tensor[] {x})[0], kind.name());
        KernelCheck.assertSame(ref, fast.run(node, new Tensor[] {x}, POOL)[0], kind + " (pool)");
    }
}
