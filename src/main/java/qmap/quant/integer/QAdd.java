package qmap.quant.integer;

import java.util.concurrent.ForkJoinPool;
import java.util.function.LongBinaryOperator;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;
import qmap.ir.DType;
import qmap.ir.Node;
import qmap.ir.Tensor;
import qmap.kernels.ByteCodes;
import qmap.kernels.CodeSpans;
import qmap.kernels.Parallel;
import qmap.ops.Operator;
import qmap.ops.Workspace;

/**
 * Integer Add (Sub with {@code b_sign = -1}) of two quantized tensors with numpy broadcasting:
 * {@code y = a * (a_scale / y_scale) + b * (±b_scale / y_scale)} rounded once.
 * <ul>
 * <li>Float (ONNX Runtime's QLinearAdd, AVX2 kernel): float32 ratios; the broadcast operand's
 * product is rounded to float32 first, the other is fused in with one FMA, round half to even.</li>
 * <li>Fixed point: both ratios as integers over one common power of two, the sum of the two
 * 64-bit products shifted right once.</li>
 * </ul>
 * 8-bit operands run as a look-up of that arithmetic ({@link PairTable}).
 */
public final class QAdd implements Operator {
    private static final VectorSpecies<Float> F = FloatVector.SPECIES_256;
    private static final int CHUNK = 1024;
    /** Elements per parallel task (a multiple of CHUNK). */
    private static final int TASK = 64 * CHUNK;
    private static final ThreadLocal<float[][]> SCRATCH = ThreadLocal.withInitial(() -> new float[2][CHUNK]);
    private static final ThreadLocal<int[]> INDEX = ThreadLocal.withInitial(() -> new int[CHUNK]);
    private static final float MAGIC = 12582912f;
    private static final int MAGIC_BITS = Float.floatToRawIntBits(MAGIC);
    private final PairTable tables = new PairTable();

    @Override
    public Tensor[] run(Node node, Tensor[] in) {
        return run(node, in, Workspace.SERIAL);
    }

    @Override
    public Tensor[] run(Node node, Tensor[] in, Workspace workspace) {
        Tensor a = in[0];
        Tensor b = in[1];
        boolean aBroadcast = a.size() < b.size();
        DType out = IntegerTensors.outputType(node);
        if (RequantMode.of(node).kind() == RequantMode.Kind.FLOAT && a.bytes() != null && b.bytes() != null
                && out.bits() == 8 && java.util.Arrays.equals(a.shape(), b.shape())) {
            byte[] y = workspace.bytes(a.size());
            sameShape(node, a, b, y, workspace.pool());
            return new Tensor[] {Tensor.ofBytes(out, a.shape(), y)};
        }
        return new Tensor[] {tables.apply(node, aBroadcast ? 1 : 0, a, b, IntegerTensors.outputType(node),
                sum(node, aBroadcast), workspace)};
    }

    /**
     * Same-shape 8-bit operands in float mode, a chunk at a time: the codes centered into floats
     * ({@link ByteCodes}), the arithmetic of {@link #sum} (a's product fused into b's rounded one,
     * clamped, rounded half to even by adding 1.5 * 2^23, exact below 2^22) eight lanes at a time,
     * then narrowed to bytes; computed rather than looked up in a 64 KB table per element. Each
     * step is a plain loop over arrays: C2 compiled a single loop doing all three with boxed
     * vectors (17 ms instead of about 1.5 ms on the detector's 2.4 M-element Add).
     */
    static void sameShape(Node node, Tensor a, Tensor b, byte[] y, ForkJoinPool pool) {
        Spans spans = new Spans(node, a.dtype(), b.dtype());
        byte[] av = a.bytes();
        byte[] bv = b.bytes();
        // pieces of TASK elements on the pool's threads, each element computed by itself
        Parallel.forEach(pool, Parallel.chunks(y.length, TASK), task ->
                spans.add(av, bv, y, task * TASK, Math.min(y.length, (task + 1) * TASK) - task * TASK));
    }

    /**
     * The same-shape 8-bit float-mode sum of a node, over any span of its operands' codes: what
     * {@link #sameShape} computes, also run on each span of codes a convolution or a look-up
     * pass has just written ({@link QConvAdd}, {@link QLutChain}).
     */
    static final class Spans {
        private final float ra;
        private final float rb;
        private final int zpA;
        private final int zpB;
        private final int zpY;
        private final float lo;
        private final float hi;
        private final boolean unsignedA;
        private final boolean unsignedB;

        Spans(Node node, DType aType, DType bType) {
            float ys = IntegerTensors.scale(node, "y");
            ra = IntegerTensors.scale(node, "a") / ys;
            rb = IntegerTensors.scale(node, "b") / ys * (node.attrInt("b_sign", 1) < 0 ? -1 : 1);
            zpA = (int) IntegerTensors.zeroPoint(node, "a");
            zpB = (int) IntegerTensors.zeroPoint(node, "b");
            zpY = (int) IntegerTensors.zeroPoint(node, "y");
            lo = IntegerTensors.lo(node);
            hi = IntegerTensors.hi(node);
            unsignedA = aType == DType.UINT8;
            unsignedB = bType == DType.UINT8;
        }

        /**
         * The residual sum in place: each span of codes of type {@code type} (input {@code side}
         * of {@code add}) replaced by its sum with other's codes there.
         */
        static CodeSpans residual(Node add, int side, DType type, Tensor other) {
            byte[] r = other.bytes();
            if (side == 0) {
                Spans spans = new Spans(add, type, other.dtype());
                return (codes, at, length) -> spans.add(codes, r, codes, at, length);
            }
            Spans spans = new Spans(add, other.dtype(), type);
            return (codes, at, length) -> spans.add(r, codes, codes, at, length);
        }

        /** y[at, at + length) = a + b there; y may be a or b. */
        void add(byte[] a, byte[] b, byte[] y, int at, int length) {
            float[][] scratch = SCRATCH.get();
            float[] xa = scratch[0];
            float[] xb = scratch[1];
            int[] r = INDEX.get();
            int end = at + length;
            for (int p0 = at; p0 < end; p0 += CHUNK) {
                int n = Math.min(CHUNK, end - p0);
                ByteCodes.centered(a, p0, unsignedA, zpA, xa, 0, n);
                ByteCodes.centered(b, p0, unsignedB, zpB, xb, 0, n);
                rounded(xa, xb, n, ra, rb, lo, hi, zpY, r);
                ByteCodes.narrow(r, n, y, p0);
            }
        }
    }

    /** r[i] = clamp(rint(fma(xa[i], ra, xb[i] * rb)), lo, hi) + zpY. */
    private static void rounded(float[] xa, float[] xb, int n, float ra, float rb, float lo, float hi, int zpY,
                                int[] r) {
        FloatVector raLanes = FloatVector.broadcast(F, ra);
        int i = 0;
        for (; i <= n - F.length(); i += F.length()) {
            FloatVector.fromArray(F, xa, i).fma(raLanes, FloatVector.fromArray(F, xb, i).mul(rb)).max(lo).min(hi)
                    .add(MAGIC).reinterpretAsInts().sub(MAGIC_BITS - zpY).intoArray(r, i);
        }
        for (; i < n; i++) {
            double v = Math.rint(Math.fma(xa[i], ra, xb[i] * rb));
            r[i] = (v <= lo ? (int) lo : v >= hi ? (int) hi : (int) v) + zpY;
        }
    }

    /** y of the stored values of a and b. */
    static LongBinaryOperator sum(Node node, boolean aBroadcast) {
        long zpA = IntegerTensors.zeroPoint(node, "a");
        long zpB = IntegerTensors.zeroPoint(node, "b");
        long zpY = IntegerTensors.zeroPoint(node, "y");
        float ys = IntegerTensors.scale(node, "y");
        float sign = node.attrInt("b_sign", 1) < 0 ? -1 : 1;
        RequantMode mode = RequantMode.of(node);
        Requantizer rq = Requantizer.single(mode, 1f, 1.0, IntegerTensors.lo(node), IntegerTensors.hi(node));
        if (mode.kind() == RequantMode.Kind.FLOAT) {
            float ra = IntegerTensors.scale(node, "a") / ys;
            float rb = IntegerTensors.scale(node, "b") / ys * sign;
            // the broadcast operand's product is rounded first, the other fused in
            if (aBroadcast) {
                return (xa, xb) -> clampRound(Math.fma((float) (xb - zpB), rb, (float) (xa - zpA) * ra), rq) + zpY;
            }
            return (xa, xb) -> clampRound(Math.fma((float) (xa - zpA), ra, (float) (xb - zpB) * rb), rq) + zpY;
        }
        double sa = (double) IntegerTensors.scale(node, "a") / ys;
        double sb = (double) IntegerTensors.scale(node, "b") / ys * sign;
        int s = commonShift(Math.max(Math.abs(sa), Math.abs(sb)), mode.multiplierBits());
        long ma = Math.round(Math.scalb(sa, s));
        long mb = Math.round(Math.scalb(sb, s));
        return (xa, xb) -> rq.shifted((xa - zpA) * ma + (xb - zpB) * mb, s) + zpY;
    }

    /** The shift that puts the larger ratio just below 2^(bits - 1). */
    static int commonShift(double largest, int bits) {
        return largest > 0 ? bits - 2 - Math.getExponent(largest) : 0;
    }

    private static int clampRound(float v, Requantizer rq) {
        double r = Math.rint(v);
        return r <= rq.lo() ? rq.lo() : r >= rq.hi() ? rq.hi() : (int) r;
    }
}
