package qmap.kernels;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * The vector loops of the elementwise fast kernels and {@link ElementwiseProgram}: float32
 * arithmetic, clipping with {@code Math.max}/{@code Math.min} semantics, Relu, batch
 * normalization in double, and a float32 sigmoid. Each scalar tail repeats its loop's lane
 * operations exactly, so an element's bits do not depend on where a span starts or ends.
 */
final class ElementwiseOps {
    /**
     * The instructions: one per supported ONNX op, plus two runs of ops merged by
     * {@link ElementwiseCompiler} (a * b + c; the hard-swish chain).
     */
    enum Op {
        ADD, SUB, MUL, DIV, CLIP, RELU, SIGMOID, HARD_SIGMOID, HARD_SWISH, BATCH_NORM, MUL_ADD, HARD_SWISH_CHAIN;

        static Op of(String opType) {
            return switch (opType) {
                case "Add" -> ADD;
                case "Sub" -> SUB;
                case "Mul" -> MUL;
                case "Div" -> DIV;
                case "Clip" -> CLIP;
                case "Relu" -> RELU;
                case "Sigmoid" -> SIGMOID;
                case "HardSigmoid" -> HARD_SIGMOID;
                case "HardSwish" -> HARD_SWISH;
                case "BatchNormalization" -> BATCH_NORM;
                default -> null;
            };
        }

        boolean binary() {
            return this == ADD || this == SUB || this == MUL || this == DIV;
        }
    }

    private static final VectorSpecies<Float> S = FloatVector.SPECIES_256;
    private static final VectorSpecies<Double> D = DoubleVector.SPECIES_256;
    /** Lanes 4..7 of an 8-lane float vector. */
    private static final VectorMask<Float> HIGH_HALF = VectorMask.fromLong(S, 0xF0L);
    /**
     * 1.5 * 2^23: adding it rounds a float of magnitude < 2^22 to an integer (half to even);
     * taking it away again leaves that integer as a float.
     */
    static final float ROUND = 12582912f;
    private static final float LOG2E = 1.44269504f;
    /** ln 2 in two parts, the first exact in few bits (Cephes). */
    private static final float LN2_HI = 0.693359375f;
    private static final float LN2_LO = -2.12194440e-4f;
    /** Below this exp(x) is 0 in float32 (even as a subnormal). */
    private static final float EXP_MIN = -104f;

    private ElementwiseOps() {
    }

    /** y[yi + i] = a[ai + i] op b[bi + i] for i < n (one method per op: no vector code behind a switch). */
    static void binary(Op op, float[] a, int ai, float[] b, int bi, float[] y, int yi, int n) {
        switch (op) {
            case ADD -> add(a, ai, b, bi, y, yi, n);
            case SUB -> sub(a, ai, b, bi, y, yi, n);
            case MUL -> mul(a, ai, b, bi, y, yi, n);
            case DIV -> div(a, ai, b, bi, y, yi, n);
            default -> throw new IllegalArgumentException(op + " is not binary");
        }
    }

    private static void add(float[] a, int ai, float[] b, int bi, float[] y, int yi, int n) {
        int bound = S.loopBound(n);
        int i = 0;
        for (; i < bound; i += S.length()) {
            FloatVector.fromArray(S, a, ai + i).add(FloatVector.fromArray(S, b, bi + i)).intoArray(y, yi + i);
        }
        for (; i < n; i++) {
            y[yi + i] = a[ai + i] + b[bi + i];
        }
    }

    private static void sub(float[] a, int ai, float[] b, int bi, float[] y, int yi, int n) {
        int bound = S.loopBound(n);
        int i = 0;
        for (; i < bound; i += S.length()) {
            FloatVector.fromArray(S, a, ai + i).sub(FloatVector.fromArray(S, b, bi + i)).intoArray(y, yi + i);
        }
        for (; i < n; i++) {
            y[yi + i] = a[ai + i] - b[bi + i];
        }
    }

    private static void mul(float[] a, int ai, float[] b, int bi, float[] y, int yi, int n) {
        int bound = S.loopBound(n);
        int i = 0;
        for (; i < bound; i += S.length()) {
            FloatVector.fromArray(S, a, ai + i).mul(FloatVector.fromArray(S, b, bi + i)).intoArray(y, yi + i);
        }
        for (; i < n; i++) {
            y[yi + i] = a[ai + i] * b[bi + i];
        }
    }

    private static void div(float[] a, int ai, float[] b, int bi, float[] y, int yi, int n) {
        int bound = S.loopBound(n);
        int i = 0;
        for (; i < bound; i += S.length()) {
            FloatVector.fromArray(S, a, ai + i).div(FloatVector.fromArray(S, b, bi + i)).intoArray(y, yi + i);
        }
        for (; i < n; i++) {
            y[yi + i] = a[ai + i] / b[bi + i];
        }
    }

    /** y = a * b + c: a float32 product, then a float32 sum (as Mul then Add, not a fused multiply-add). */
    static void mulAdd(float[] a, int ai, float[] b, int bi, float[] c, int ci, float[] y, int yi, int n) {
        int bound = S.loopBound(n);
        int i = 0;
        for (; i < bound; i += S.length()) {
            FloatVector.fromArray(S, a, ai + i).mul(FloatVector.fromArray(S, b, bi + i))
                    .add(FloatVector.fromArray(S, c, ci + i)).intoArray(y, yi + i);
        }
        for (; i < n; i++) {
            y[yi + i] = a[ai + i] * b[bi + i] + c[ci + i];
        }
    }

    /** y = (u * Math.min(Math.max(u + k, lo), hi)) / d: Add, Clip, Mul and Div in float32, as the nodes compute it. */
    static void hardSwishChain(float[] u, int ui, float[] y, int yi, int n, float k, float lo, float hi, float d) {
        FloatVector vk = FloatVector.broadcast(S, k);
        FloatVector vlo = FloatVector.broadcast(S, lo);
        FloatVector vhi = FloatVector.broadcast(S, hi);
        FloatVector vd = FloatVector.broadcast(S, d);
        int bound = S.loopBound(n);
        int i = 0;
        for (; i < bound; i += S.length()) {
            FloatVector v = FloatVector.fromArray(S, u, ui + i);
            v.mul(v.add(vk).max(vlo).min(vhi)).div(vd).intoArray(y, yi + i);
        }
        for (; i < n; i++) {
            float v = u[ui + i];
            y[yi + i] = v * Math.min(Math.max(v + k, lo), hi) / d;
        }
    }

    /** y = Math.min(Math.max(a, lo), hi), NaN passing through. */
    static void clip(float[] a, int ai, float[] y, int yi, int n, float lo, float hi) {
        FloatVector vlo = FloatVector.broadcast(S, lo);
        FloatVector vhi = FloatVector.broadcast(S, hi);
        int bound = S.loopBound(n);
        int i = 0;
        for (; i < bound; i += S.length()) {
            FloatVector.fromArray(S, a, ai + i).max(vlo).min(vhi).intoArray(y, yi + i);
        }
        for (; i < n; i++) {
            y[yi + i] = Math.min(Math.max(a[ai + i], lo), hi);
        }
    }

    /** y = a < 0 ? 0 : a (NaN and -0 pass through). */
    static void relu(float[] a, int ai, float[] y, int yi, int n) {
        FloatVector zero = FloatVector.zero(S);
        int bound = S.loopBound(n);
        int i = 0;
        for (; i < bound; i += S.length()) {
            FloatVector v = FloatVector.fromArray(S, a, ai + i);
            v.blend(zero, v.compare(VectorOperators.LT, 0f)).intoArray(y, yi + i);
        }
        for (; i < n; i++) {
            float v = a[ai + i];
            y[yi + i] = v < 0 ? 0f : v;
        }
    }

    /**
     * y = (float) ((a - mean) * k + bias) in double, eight lanes at a time as two halves of four
     * doubles: the bits of {@link FastBatchNormalization}'s expression (exact widening, one
     * rounding per operation). Only 256-bit float vectors: {@code FloatVector.intoArray} is one
     * method for every shape, and a 128-bit float vector reaching it (directly, or through the
     * library's fallback of a conversion before C2 has compiled it) makes its type profile
     * bimorphic; C2 then cannot intrinsify the stores of vectors that come out of a loop (the
     * micro-kernel's sums), and those run as objects, several times slower.
     */
    static void batchNorm(float[] a, int ai, float[] y, int yi, int n, double k, double mean, double bias) {
        DoubleVector vk = DoubleVector.broadcast(D, k);
        DoubleVector vm = DoubleVector.broadcast(D, mean);
        DoubleVector vb = DoubleVector.broadcast(D, bias);
        int bound = S.loopBound(n);
        int i = 0;
        for (; i < bound; i += S.length()) {
            FloatVector v = FloatVector.fromArray(S, a, ai + i);
            DoubleVector lo = (DoubleVector) v.convertShape(VectorOperators.F2D, D, 0);
            DoubleVector hi = (DoubleVector) v.convertShape(VectorOperators.F2D, D, 1);
            FloatVector low = (FloatVector) lo.sub(vm).mul(vk).add(vb).convertShape(VectorOperators.D2F, S, 0);
            FloatVector high = (FloatVector) hi.sub(vm).mul(vk).add(vb).convertShape(VectorOperators.D2F, S, -1);
            low.blend(high, HIGH_HALF).intoArray(y, yi + i);
        }
        for (; i < n; i++) {
            y[yi + i] = (float) ((a[ai + i] - mean) * k + bias);
        }
    }

    /**
     * y = 1 / (1 + e^-a), as z = e^-|a| ({@link #expNonPositive}) and 1 / (1 + z) or z / (1 + z):
     * a few ulp from the double-precision reference. NaN stays NaN. {@code y} may be {@code a}.
     */
    static void sigmoid(float[] a, int ai, float[] y, int yi, int n) {
        float[] z = scratch(n);
        for (int i = 0; i < n; i++) {
            z[i] = -Math.abs(a[ai + i]);
        }
        expNonPositive(z, 0, z, 0, n);
        FloatVector one = FloatVector.broadcast(S, 1f);
        int bound = S.loopBound(n);
        int i = 0;
        for (; i < bound; i += S.length()) {
            FloatVector v = FloatVector.fromArray(S, a, ai + i);
            FloatVector e = FloatVector.fromArray(S, z, i);
            FloatVector d = one.add(e);
            one.div(d).blend(e.div(d), v.compare(VectorOperators.LT, 0f)).intoArray(y, yi + i);
        }
        for (; i < n; i++) {
            float e = z[i];
            y[yi + i] = a[ai + i] < 0 ? e / (1f + e) : 1f / (1f + e);
        }
    }

    /**
     * y = e^x for x <= 0 (NaN stays NaN; {@code y} may be {@code x}): a degree-6 polynomial on
     * x - n ln 2 (Cephes expf, about 1 ulp) times 2^n in two factors, so results down to
     * subnormals come out. Arrays in and out: a vector handed to a method that is not inlined
     * is boxed.
     */
    static void expNonPositive(float[] x, int xi, float[] y, int yi, int n) {
        int bound = S.loopBound(n);
        int i = 0;
        for (; i < bound; i += S.length()) {
            FloatVector v = FloatVector.fromArray(S, x, xi + i).max(EXP_MIN);
            FloatVector t = v.mul(LOG2E).add(ROUND);
            FloatVector nf = t.sub(ROUND);
            IntVector ni = t.reinterpretAsInts().sub(0x4B400000);
            FloatVector r = nf.fma(FloatVector.broadcast(S, -LN2_HI), v);
            r = nf.fma(FloatVector.broadcast(S, -LN2_LO), r);
            FloatVector p = r.fma(FloatVector.broadcast(S, 1.9875691500e-4f), FloatVector.broadcast(S, 1.3981999507e-3f));
            p = p.fma(r, FloatVector.broadcast(S, 8.3334519073e-3f));
            p = p.fma(r, FloatVector.broadcast(S, 4.1665795894e-2f));
            p = p.fma(r, FloatVector.broadcast(S, 1.6666665459e-1f));
            p = p.fma(r, FloatVector.broadcast(S, 5.0000001201e-1f));
            p = p.fma(r.mul(r), r).add(1f);
            IntVector n1 = ni.lanewise(VectorOperators.ASHR, 1);
            IntVector n2 = ni.sub(n1);
            p.mul(n1.add(127).lanewise(VectorOperators.LSHL, 23).reinterpretAsFloats())
                    .mul(n2.add(127).lanewise(VectorOperators.LSHL, 23).reinterpretAsFloats()).intoArray(y, yi + i);
        }
        for (; i < n; i++) {
            y[yi + i] = expNonPositive(x[xi + i]);
        }
    }

    /** One lane of {@link #expNonPositive(float[], int, float[], int, int)}, operation for operation. */
    static float expNonPositive(float v) {
        float x = Math.max(v, EXP_MIN);
        float t = x * LOG2E + ROUND;
        float nf = t - ROUND;
        int ni = Float.floatToRawIntBits(t) - 0x4B400000;
        float r = Math.fma(nf, -LN2_HI, x);
        r = Math.fma(nf, -LN2_LO, r);
        float p = Math.fma(r, 1.9875691500e-4f, 1.3981999507e-3f);
        p = Math.fma(p, r, 8.3334519073e-3f);
        p = Math.fma(p, r, 4.1665795894e-2f);
        p = Math.fma(p, r, 1.6666665459e-1f);
        p = Math.fma(p, r, 5.0000001201e-1f);
        p = Math.fma(p, r * r, r) + 1f;
        int n1 = ni >> 1;
        int n2 = ni - n1;
        return p * Float.intBitsToFloat((n1 + 127) << 23) * Float.intBitsToFloat((n2 + 127) << 23);
    }

    private static final ThreadLocal<float[]> SCRATCH = ThreadLocal.withInitial(() -> new float[0]);

    private static float[] scratch(int n) {
        float[] s = SCRATCH.get();
        if (s.length < n) {
            s = new float[n];
            SCRATCH.set(s);
        }
        return s;
    }
}
