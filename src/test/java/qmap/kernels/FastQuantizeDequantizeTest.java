package qmap.kernels;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Random;
import java.util.concurrent.ForkJoinPool;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import qmap.ir.DType;
import qmap.ir.Node;
import qmap.ir.Tensor;
import qmap.ops.DequantizeLinear;
import qmap.ops.QuantizeLinear;

/** FastQuantizeLinear / FastDequantizeLinear against the reference kernels: bit-identical codes and values. */
class FastQuantizeDequantizeTest {
    private static final QuantizeLinear Q = new QuantizeLinear();
    private static final DequantizeLinear DQ = new DequantizeLinear();
    private static final FastQuantizeLinear FAST_Q = new FastQuantizeLinear(Q);
    private static final FastDequantizeLinear FAST_DQ = new FastDequantizeLinear(DQ);
    private static final ForkJoinPool POOL = new ForkJoinPool(2);
    private static final Node Q_NODE = Node.builder("QuantizeLinear").name("q").inputs("x", "s", "z").outputs("y").build();
    private static final Node DQ_NODE = Node.builder("DequantizeLinear").name("dq").inputs("y", "s", "z").outputs("x")
            .build();

    @AfterAll
    static void stopPool() {
        POOL.shutdown();
    }

    private static void assertSameCodes(Tensor ref, Tensor fast, String what) {
        assertEquals(ref.dtype(), fast.dtype(), what + ": type");
        assertArrayEquals(ref.shape(), fast.shape(), what + ": shape");
        assertArrayEquals(ref.longs(), fast.longs(), what);
    }

    @Test
    void int8Uint8Int16WithAndWithoutZeroPoint() {
        Random rnd = new Random(11);
        float[] v = KernelCheck.random(rnd, 1, 7, 33, 65).floats().clone();
        for (int i = 0; i < v.length; i++) {
            v[i] *= 9;  // beyond the clipping range of the smaller scales
        }
        v[1] = Float.NaN;
        v[2] = Float.POSITIVE_INFINITY;
        v[3] = Float.NEGATIVE_INFINITY;
        v[4] = 0.5f * 0.03125f;   // exact ties, rounded half to even
        v[5] = 1.5f * 0.03125f;
        v[6] = -2.5f * 0.03125f;
        Tensor x = Tensor.ofFloats(new int[] {1, 7, 33, 65}, v);
        Tensor[] zeroPoints = {
            Tensor.of(DType.INT8, new int[0], new long[] {0}),
            Tensor.of(DType.INT8, new int[0], new long[] {-3}),
            Tensor.of(DType.UINT8, new int[0], new long[] {128}),
            Tensor.of(DType.INT16, new int[0], new long[] {7}),
            null,
        };
        for (float scale : new float[] {0.03125f, 0.0173f, 1 / 127f, 4.7f}) {
            Tensor s = Tensor.scalar(scale);
            for (Tensor z : zeroPoints) {
                Tensor[] qin = z == null ? new Tensor[] {x, s} : new Tensor[] {x, s, z};
                Tensor ref = Q.run(Q_NODE, qin)[0];
                String what = "scale " + scale + ", zero point " + (z == null ? "none" : z.dtype() + " " + z.longs()[0]);
                assertSameCodes(ref, FAST_Q.run(Q_NODE, qin)[0], "quantize " + what);
                assertSameCodes(ref, FAST_Q.run(Q_NODE, qin, POOL)[0], "quantize (pool) " + what);
                Tensor[] dqin = z == null ? new Tensor[] {ref, s} : new Tensor[] {ref, s, z};
                Tensor back = DQ.run(DQ_NODE, dqin)[0];
                KernelCheck.assertSame(back, FAST_DQ.run(DQ_NODE, dqin)[0], "dequantize " + what);
                KernelCheck.assertSame(back, FAST_DQ.run(DQ_NODE, dqin, POOL)[0], "dequantize (pool) " + what);
            }
        }
    }

    @Test
    void int32AccumulatorsWithoutZeroPoint() {
        long[] acc = {0, 1, -1, 123456789, -2147483648L, 2147483647L, 77};
        Tensor x = Tensor.of(DType.INT32, new int[] {7}, acc);
        Tensor[] in = {x, Tensor.scalar(3.3e-5f)};
        KernelCheck.assertSame(DQ.run(DQ_NODE, in)[0], FAST_DQ.run(DQ_NODE, in)[0], "int32 dequantize");
    }
}
