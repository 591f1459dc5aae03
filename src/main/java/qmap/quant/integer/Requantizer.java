package qmap.quant.integer;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorSpecies;
import qmap.kernels.ByteCodes;

/**
 * Brings accumulators back to the output integer type: {@code q = clamp(round(acc * M[c]), lo, hi)}
 * with one multiplier per output channel (or one for all).
 *
 * <ul>
 * <li>Float: {@code M} is a float32 computed by the caller in ONNX Runtime's operand order; the
 * product is float32 and rounds half to even, as MlasRequantizeOutput does
 * ({@code float(acc) * scale}, clamp, round-to-nearest-even conversion).</li>
 * <li>Fixed point: {@code M = m * 2^-shift}, {@code m} an integer of {@code bits - 1} fractional
 * bits in [2^(bits-2), 2^(bits-1)); {@code acc * m} in 64 bits, then one rounding right shift.</li>
 * </ul>
 */
public final class Requantizer {
    private static final long WIDE = 1L << 32;
    private static final VectorSpecies<Float> F = FloatVector.SPECIES_256;
    /** 1.5 * 2^23: added to a float of magnitude below 2^22, leaves its rounded value in the low mantissa bits. */
    private static final float MAGIC = 12582912f;
    private static final int MAGIC_BITS = Float.floatToRawIntBits(MAGIC);
    /** The magnitude below which adding {@link #MAGIC} rounds exactly. */
    private static final int ROUNDS = 1 << 22;
    /** Results or table indices of one span, a few KB at a time. */
    private static final ThreadLocal<int[]> SCRATCH = ThreadLocal.withInitial(() -> new int[1024]);

    private final RequantMode mode;
    private final float[] floatM;
    private final long[] fixedM;
    private final int[] shift;
    private final double[] exactM;
    private final int lo;
    private final int hi;

    /**
     * @param floatM the float32 multipliers (used in float mode)
     * @param exactM the same multipliers in double (fixed-point mode derives its integers from them)
     */
    public Requantizer(RequantMode mode, float[] floatM, double[] exactM, int lo, int hi) {
        this.mode = mode;
        this.floatM = floatM;
        this.exactM = exactM;
        this.lo = lo;
        this.hi = hi;
        this.fixedM = new long[exactM.length];
        this.shift = new int[exactM.length];
        if (mode.kind() == RequantMode.Kind.FIXED_POINT) {
            for (int c = 0; c < exactM.length; c++) {
                decompose(exactM[c], mode.multiplierBits(), c);
            }
        }
    }

    /** One multiplier for every channel. */
    public static Requantizer single(RequantMode mode, float floatM, double exactM, int lo, int hi) {
        return new Requantizer(mode, new float[] {floatM}, new double[] {exactM}, lo, hi);
    }

    public int lo() {
        return lo;
    }

    public int hi() {
        return hi;
    }

    /** The integer multiplier of channel c (fixed point). */
    public long multiplier(int c) {
        return fixedM[c];
    }

    /** The right shift of channel c (fixed point). */
    public int shift(int c) {
        return shift[c];
    }

    public int apply(long acc, int c) {
        if (mode.kind() == RequantMode.Kind.FLOAT) {
            float v = (float) acc * floatM[c];
            return clamp(Math.rint(v));
        }
        if (acc >= WIDE || acc <= -WIDE) {
            return clamp(mode.round(acc * exactM[c]));
        }
        return clamp(shiftRound(acc * fixedM[c], shift[c]));
    }

    /**
     * {@code out[at + p - offset] = apply((long) sums[p] + bias, c) + zeroPoint} for p in [offset, offset + length),
     * each result looked up in {@code table} (channel {@code tableChannel}'s) when there is one: the
     * requantization of exact float32 sums ({@link ExactFloatSums}) in one pass. {@code out} is
     * a {@code long[]}, or a {@code byte[]} taking each result's low eight bits.
     */
    void apply(float[] sums, int offset, int length, long bias, int c, long zeroPoint, Object out, int at,
               ValueTable table, int tableChannel) {
        int end = offset + length;
        int[] index = SCRATCH.get();
        boolean fast = mode.kind() == RequantMode.Kind.FLOAT && (long) (float) bias == bias && lo > -ROUNDS
                && hi < ROUNDS && Math.abs(zeroPoint) < ROUNDS;
        // the results (table == null) or their table indices, a chunk at a time, then stored
        int add = (int) (table == null ? zeroPoint : zeroPoint - table.in().minValue());
        for (int p0 = offset; p0 < end; p0 += index.length) {
            int n = Math.min(index.length, end - p0);
            if (fast) {
                rounded(sums, p0, n, bias, floatM[c], add, index);
            } else {
                for (int i = 0; i < n; i++) {
                    index[i] = (int) (apply((long) sums[p0 + i] + bias, c) + add);
                }
            }
            store(index, n, out, at + p0 - offset, table, tableChannel);
        }
    }

    /** index[i] = clamp(rint((sums[p0 + i] + b) * m)) + add, eight lanes at a time. */
    private void rounded(float[] sums, int p0, int n, long bias, float m, int add, int[] index) {
        // sums[p] and bias are integers held exactly, so the float32 sum rounds as (float) of the long sum
        float b = bias;
        int i = 0;
        for (; i <= n - F.length(); i += F.length()) {
            rounded(FloatVector.fromArray(F, sums, p0 + i), b, m).sub(MAGIC_BITS - add).intoArray(index, i);
        }
        for (; i < n; i++) {
            double r = Math.rint((sums[p0 + i] + b) * m);
            index[i] = (int) (r <= lo ? lo : r >= hi ? hi : (long) r) + add;
        }
    }

    /** The results, or the entries at their places (in [0, 256)) of channel c's table. */
    private static void store(int[] index, int n, Object out, int p0, ValueTable table, int c) {
        if (out instanceof byte[] bytes) {
            if (table == null) {
                ByteCodes.narrow(index, n, bytes, p0);
            } else {
                ByteCodes.lookUp(index, n, table.line(c), bytes, p0);
            }
            return;
        }
        long[] longs = (long[]) out;
        if (table == null) {
            for (int i = 0; i < n; i++) {
                longs[p0 + i] = index[i];
            }
        } else {
            long[] t = table.values();
            int base = table.base(c);
            for (int i = 0; i < n; i++) {
                longs[p0 + i] = t[base + index[i]];
            }
        }
    }

    /**
     * {@code clamp(rint((s + b) * m), lo, hi)} of each lane as the bits of the float
     * {@code MAGIC + value}: the lanes are clamped first (the same for integer bounds, rint being
     * monotone), then adding 1.5 * 2^23 rounds half to even to an integer held in the low
     * mantissa bits, which is Math.rint for every |value| below 2^22.
     */
    private IntVector rounded(FloatVector s, float b, float m) {
        return s.add(b).mul(m).max((float) lo).min((float) hi).add(MAGIC).reinterpretAsInts();
    }

    /** {@code p * 2^-s} rounded with this mode's rounding, clamped (fixed-point sums of products). */
    public int shifted(long p, int s) {
        return clamp(shiftRound(p, s));
    }

    private int clamp(double r) {
        return r <= lo ? lo : r >= hi ? hi : (int) r;
    }

    private int clamp(long r) {
        return r <= lo ? lo : r >= hi ? hi : (int) r;
    }

    private long shiftRound(long p, int s) {
        if (s <= 0) {
            return p << -s;
        }
        if (s >= 63) {
            return 0;
        }
        long half = 1L << (s - 1);
        if (mode.halfAwayFromZero()) {
            return p >= 0 ? (p + half) >> s : -((-p + half) >> s);
        }
        long floor = p >> s;
        long rest = p - (floor << s);
        return rest > half || rest == half && (floor & 1) != 0 ? floor + 1 : floor;
    }

    private void decompose(double m, int bits, int c) {
        if (!(m > 0) || Double.isInfinite(m)) {
            fixedM[c] = 0;
            shift[c] = 0;
            return;
        }
        int e = Math.getExponent(m) + 1;             // m = f * 2^e, f in [0.5, 1)
        long q = Math.round(Math.scalb(m, bits - 1 - e));
        if (q == 1L << (bits - 1)) {
            q >>= 1;
            e++;
        }
        fixedM[c] = q;
        shift[c] = bits - 1 - e;
    }
}
