package qmap.quant.integer;

import java.util.Map;
import java.util.WeakHashMap;
import java.util.concurrent.ForkJoinPool;
import qmap.ir.DType;
import qmap.ir.Node;
import qmap.ir.Tensor;
import qmap.kernels.FastKernels;
import qmap.ops.Operator;

/**
 * Integer sums of products computed exactly on qmap's float32 kernels (packed GEMM with the
 * Vector API, threads): a float32 holds every integer below 2^24 exactly, so when
 * {@code terms * max|x| * max|w| < 2^24} every product and every partial sum, in whatever order
 * the kernel adds them, is an integer below 2^24 and no operation rounds. The float result is
 * then the exact int32 accumulator, bit for bit. An int8 Conv qualifies up to about 1,000 taps
 * (3 x 3 x 113 channels at full range); callers split larger sums or run their integer loops.
 */
final class ExactFloatSums {
    /** The largest magnitude a float32 sum may reach and stay exact. */
    static final long EXACT = 1L << 24;

    private final Operator floatOp;
    /** Centered weights as floats, per weight storage array (constants, so converted once). */
    private final Map<long[], float[]> weights = new WeakHashMap<>();
    private final Map<long[], Integer> weightMax = new WeakHashMap<>();

    private ExactFloatSums(Operator floatOp) {
        this.floatOp = floatOp;
    }

    static ExactFloatSums of(String floatOpType) {
        return new ExactFloatSums(FastKernels.registry().find("", floatOpType));
    }

    /** Whether sums of {@code terms} products of magnitudes up to maxX and maxW stay exact. */
    static boolean exact(long terms, long maxX, long maxW) {
        return terms * maxX * maxW < EXACT;
    }

    /** The largest |x - zero point| a tensor of this type can hold. */
    static long typeBound(DType type, long zeroPoint) {
        return Math.max(Math.abs(type.minValue() - zeroPoint), Math.abs(type.maxValue() - zeroPoint));
    }

    /** X minus its zero point as floats; {@code max[0]} receives the largest magnitude. */
    static float[] centered(Tensor x, long zeroPoint, int[] max) {
        long[] v = x.longs();
        float[] out = new float[v.length];
        long m = 0;
        for (int i = 0; i < v.length; i++) {
            long c = v[i] - zeroPoint;
            out[i] = c;
            m = Math.max(m, Math.abs(c));
        }
        max[0] = (int) Math.min(Integer.MAX_VALUE, m);
        return out;
    }

    /** The weights minus their zero point as floats (the same array every call, so the float kernel's packing is reused). */
    float[] weights(Tensor w, long zeroPoint) {
        synchronized (weights) {
            float[] f = weights.get(w.longs());
            if (f == null) {
                int[] max = new int[1];
                f = centered(w, zeroPoint, max);
                weights.put(w.longs(), f);
                weightMax.put(w.longs(), max[0]);
            }
            return f;
        }
    }

    /** The largest |w - zero point| of weights seen by {@link #weights}. */
    int weightMax(Tensor w) {
        synchronized (weights) {
            return weightMax.get(w.longs());
        }
    }

    /**
     * The output tensor from exact sums laid out as planes of {@code planeSize} (output map
     * {@code plane % maps}): bias added, requantized per map, zero point added.
     */
    static Tensor requantize(Node node, float[] sums, int maps, int planeSize, long[] bias, Requantizer rq,
                             boolean perMap, int[] shape) {
        long zp = IntegerTensors.zeroPoint(node, "y");
        long[] y = new long[sums.length];
        for (int plane = 0; plane < sums.length / planeSize; plane++) {
            int m = plane % maps;
            long bm = bias == null ? 0 : bias[m];
            int c = perMap ? m : 0;
            for (int p = plane * planeSize, end = p + planeSize; p < end; p++) {
                y[p] = rq.apply((long) sums[p] + bm, c) + zp;
            }
        }
        return Tensor.of(IntegerTensors.outputType(node), shape, y);
    }

    /** The float kernel on float X and W (no bias): the exact sums when {@link #exact} holds. */
    float[] run(Node node, int[] xShape, float[] x, int[] wShape, float[] w, ForkJoinPool pool) {
        Tensor[] args = {Tensor.of(DType.FLOAT, xShape, x), Tensor.of(DType.FLOAT, wShape, w)};
        return floatOp.run(node, args, pool)[0].floats();
    }
}
