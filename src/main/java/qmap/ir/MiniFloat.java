package qmap.ir;

/**
 * A narrow binary floating-point format (float16, bfloat16, the float8 and float4 variants),
 * with round-to-nearest-even encoding and exact decoding. Values travel through Java as
 * float32 numbers that the format can represent exactly.
 */
public final class MiniFloat {
    /** How the format spells NaN and infinity. */
    public enum Specials {
        /** IEEE style: all-ones exponent is Inf (mantissa 0) or NaN. */
        IEEE,
        /** "FN": no infinity; all-ones exponent and mantissa is NaN (E4M3FN). */
        FINITE_NAN_ALL_ONES,
        /** "FNUZ": no infinity, no negative zero; the negative-zero code 0x80 is NaN. */
        FINITE_NAN_NEG_ZERO,
        /** No infinity and no NaN at all (FLOAT4E2M1). */
        FINITE
    }

    public static final MiniFloat FLOAT16 = new MiniFloat(5, 10, 15, Specials.IEEE);
    public static final MiniFloat BFLOAT16 = new MiniFloat(8, 7, 127, Specials.IEEE);
    public static final MiniFloat E4M3FN = new MiniFloat(4, 3, 7, Specials.FINITE_NAN_ALL_ONES);
    public static final MiniFloat E4M3FNUZ = new MiniFloat(4, 3, 8, Specials.FINITE_NAN_NEG_ZERO);
    public static final MiniFloat E5M2 = new MiniFloat(5, 2, 15, Specials.IEEE);
    public static final MiniFloat E5M2FNUZ = new MiniFloat(5, 2, 16, Specials.FINITE_NAN_NEG_ZERO);
    public static final MiniFloat E2M1 = new MiniFloat(2, 1, 1, Specials.FINITE);

    private final int expBits;
    private final int mantBits;
    private final int bias;
    private final Specials specials;
    private final double maxFinite;
    private final int minNormalExp;

    private MiniFloat(int expBits, int mantBits, int bias, Specials specials) {
        this.expBits = expBits;
        this.mantBits = mantBits;
        this.bias = bias;
        this.specials = specials;
        this.minNormalExp = 1 - bias;
        int maxExpField = (1 << expBits) - 1;
        int maxMant = (1 << mantBits) - 1;
        switch (specials) {
            case IEEE -> this.maxFinite = decodeMagnitude(maxExpField - 1, maxMant);
            case FINITE_NAN_ALL_ONES -> this.maxFinite = decodeMagnitude(maxExpField, maxMant - 1);
            default -> this.maxFinite = decodeMagnitude(maxExpField, maxMant);
        }
    }

    /** The format of a narrow float dtype, or null for float32/double/non-float types. */
    public static MiniFloat of(DType t) {
        return switch (t) {
            case FLOAT16 -> FLOAT16;
            case BFLOAT16 -> BFLOAT16;
            case FLOAT8E4M3FN -> E4M3FN;
            case FLOAT8E4M3FNUZ -> E4M3FNUZ;
            case FLOAT8E5M2 -> E5M2;
            case FLOAT8E5M2FNUZ -> E5M2FNUZ;
            case FLOAT4E2M1 -> E2M1;
            default -> null;
        };
    }

    public double maxFinite() {
        return maxFinite;
    }

    public int bitWidth() {
        return 1 + expBits + mantBits;
    }

    private double decodeMagnitude(int expField, int mant) {
        if (expField == 0) {
            return mant * Math.scalb(1.0, minNormalExp - mantBits);
        }
        return ((1 << mantBits) + mant) * Math.scalb(1.0, expField - bias - mantBits);
    }

    /** The value of a code (the low {@link #bitWidth()} bits of {@code code}). */
    public float decode(int code) {
        int signBit = 1 << (expBits + mantBits);
        boolean negative = (code & signBit) != 0;
        int expField = (code >> mantBits) & ((1 << expBits) - 1);
        int mant = code & ((1 << mantBits) - 1);
        int maxExpField = (1 << expBits) - 1;
        switch (specials) {
            case IEEE -> {
                if (expField == maxExpField) {
                    return mant == 0 ? (negative ? Float.NEGATIVE_INFINITY : Float.POSITIVE_INFINITY) : Float.NaN;
                }
            }
            case FINITE_NAN_ALL_ONES -> {
                if (expField == maxExpField && mant == (1 << mantBits) - 1) {
                    return Float.NaN;
                }
            }
            case FINITE_NAN_NEG_ZERO -> {
                if (negative && expField == 0 && mant == 0) {
                    return Float.NaN;
                }
            }
            case FINITE -> { }
        }
        double m = decodeMagnitude(expField, mant);
        return (float) (negative ? -m : m);
    }

    /**
     * Rounds to the nearest representable value (ties to even). Out-of-range values become
     * ±max with {@code saturate}, otherwise ±Inf where the format has it and NaN where not.
     * A format without NaN or infinity (float4) always saturates.
     */
    public float round(double x, boolean saturate) {
        if (Double.isNaN(x)) {
            if (specials == Specials.FINITE) {
                // as ml_dtypes (the ONNX reference) does: NaN becomes a zero of the opposite sign
                return Double.doubleToRawLongBits(x) < 0 ? 0f : -0f;
            }
            return Float.NaN;
        }
        double a = Math.abs(x);
        double r;
        if (Double.isInfinite(a)) {
            r = Double.POSITIVE_INFINITY;
        } else if (a == 0) {
            r = 0;
        } else {
            int e = Math.max(Math.getExponent(a), minNormalExp);
            double quantum = Math.scalb(1.0, e - mantBits);
            r = Math.rint(a / quantum) * quantum;
        }
        if (r > maxFinite) {
            if (saturate || specials == Specials.FINITE) {
                r = maxFinite;
            } else if (specials == Specials.IEEE) {
                r = Double.POSITIVE_INFINITY;
            } else {
                return Float.NaN;
            }
        }
        if (r == 0 && specials == Specials.FINITE_NAN_NEG_ZERO) {
            return 0f;
        }
        return (float) (x < 0 || (x == 0 && 1 / x < 0) ? -r : r);
    }

    /** The code of a value that {@link #round} produced (exactly representable). */
    public int encode(float v) {
        int signBit = 1 << (expBits + mantBits);
        int maxExpField = (1 << expBits) - 1;
        if (Float.isNaN(v)) {
            return switch (specials) {
                case IEEE -> (maxExpField << mantBits) | (1 << (mantBits - 1));
                case FINITE_NAN_ALL_ONES -> (maxExpField << mantBits) | ((1 << mantBits) - 1);
                case FINITE_NAN_NEG_ZERO -> signBit;
                case FINITE -> (maxExpField << mantBits) | ((1 << mantBits) - 1);
            };
        }
        int sign = (v < 0 || (v == 0 && 1 / v < 0)) ? signBit : 0;
        if (specials == Specials.FINITE_NAN_NEG_ZERO && v == 0) {
            sign = 0;
        }
        double a = Math.abs((double) v);
        if (Double.isInfinite(a)) {
            return sign | (maxExpField << mantBits);
        }
        if (a < Math.scalb(1.0, minNormalExp)) {
            int mant = (int) Math.rint(a / Math.scalb(1.0, minNormalExp - mantBits));
            return sign | mant;
        }
        int e = Math.getExponent(a);
        int mant = (int) Math.rint(a / Math.scalb(1.0, e - mantBits)) - (1 << mantBits);
        return sign | ((e + bias) << mantBits) | mant;
    }
}
