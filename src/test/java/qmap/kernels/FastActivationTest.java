package qmap.kernels;

import static org.junit.jupiter.api.Assertions.assertTrue;

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

/**
 * FastActivation against the reference ops, with NaN, infinities and signed zeros: bit-identical,
 * except Sigmoid (float32 exp) within 4 ulp of the reference's value or 1e-44 absolute (subnormals).
 */
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
        checkSigmoid(plain, x);
        float[] wide = new float[4801];
        for (int i = 0; i < wide.length; i++) {
            wide[i] = -120f + i * 0.05f;
        }
        checkSigmoid(plain, Tensor.ofFloats(new int[] {wide.length}, wide));
        check(new HardSigmoid(), FastActivation.Kind.HARD_SIGMOID, plain, x);
        check(new HardSigmoid(), FastActivation.Kind.HARD_SIGMOID, tuned, x);
        check(new HardSwish(), FastActivation.Kind.HARD_SWISH, plain, x);
    }

    private static void checkSigmoid(Node node, Tensor x) {
        Sigmoid reference = new Sigmoid();
        FastActivation fast = new FastActivation(FastActivation.Kind.SIGMOID, reference);
        float[] ref = reference.run(node, new Tensor[] {x})[0].floats();
        float[] got = fast.run(node, new Tensor[] {x})[0].floats();
        for (int i = 0; i < ref.length; i++) {
            boolean ok = Float.isNaN(ref[i]) ? Float.isNaN(got[i])
                    : Math.abs(got[i] - ref[i]) <= Math.max(4 * Math.ulp(ref[i]), 1e-44f);
            assertTrue(ok, "sigmoid(" + x.floats()[i] + "): " + got[i] + " vs " + ref[i]);
        }
        KernelCheck.assertSame(fast.run(node, new Tensor[] {x})[0], fast.run(node, new Tensor[] {x}, POOL)[0],
                "sigmoid (pool)");
    }

    private static void check(Operator reference, FastActivation.Kind kind, Node node, Tensor x) {
        FastActivation fast = new FastActivation(kind, reference);
        Tensor ref = reference.run(node, new Tensor[] {x})[0];
        KernelCheck.assertSame(ref, fast.run(node, new Tensor[] {x})[0], kind.name());
        KernelCheck.assertSame(ref, fast.run(node, new Tensor[] {x}, POOL)[0], kind + " (pool)");
    }
}
