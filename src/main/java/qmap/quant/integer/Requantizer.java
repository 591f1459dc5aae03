package qmap.quant.integer;

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
     * {@code out[p] = apply((long) sums[p] + bias, c) + zeroPoint} for p in [offset, offset + length),
     * each result looked up in {@code table} (from {@code tableBase}) when there is one: the
     * requantization of exact float32 sums ({@link ExactFloatSums}) in one pass.
     */
    void apply(float[] sums, int offset, int length, long bias, int c, long zeroPoint, long[] out,
               ValueTable table, int tableBase) {
        int end = offset + length;
        if (mode.kind() != RequantMode.Kind.FLOAT || (long) (float) bias != bias) {
            for (int p = offset; p < end; p++) {
                long q = apply((long) sums[p] + bias, c) + zeroPoint;
                out[p] = table == null ? q : table.values()[tableBase + (int) (q - table.in().minValue())];
            }
            return;
        }
        // sums[p] and bias are integers held exactly, so the float32 sum rounds as (float) of the long sum
        float b = bias;
        float m = floatM[c];
        if (table == null) {
            for (int p = offset; p < end; p++) {
                double r = Math.rint((sums[p] + b) * m);
                out[p] = (r <= lo ? lo : r >= hi ? hi : (long) r) + zeroPoint;
            }
            return;
        }
        long[] t = table.values();
        long first = tableBase + zeroPoint - table.in().minValue();
        for (int p = offset; p < end; p++) {
            double r = Math.rint((sums[p] + b) * m);
            out[p] = t[(int) ((r <= lo ? lo : r >= hi ? hi : (long) r) + first)];
        }
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
