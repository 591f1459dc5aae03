package qmap.ir;

import java.util.Locale;

/**
 * FLOAT8E8M0, the power-of-two scale format of the OCP microscaling (MX) spec: eight exponent
 * bits, bias 127, no sign and no mantissa; code 0xFF is NaN. Values travel through Java as the
 * float32 number 2^(code-127).
 */
public final class Float8E8M0 {
    /** How a value between two powers of two is rounded (Cast's {@code round_mode}). */
    public enum RoundMode {
        UP, DOWN, NEAREST;

        /** The mode named by an ONNX attribute value: "up", "down" or "nearest". */
        public static RoundMode of(String name) {
            try {
                return valueOf(name.toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("round_mode '" + name + "', expected up, down or nearest");
            }
        }
    }

    public static final int NAN_CODE = 0xFF;
    private static final int MAX_EXPONENT = 0xFE;

    private Float8E8M0() {
    }

    public static float decode(int code) {
        int e = code & 0xFF;
        return e == NAN_CODE ? Float.NaN : (float) Math.scalb(1.0, e - 127);
    }

    /** The code of a value that {@link #round} produced (a power of two or NaN). */
    public static int encode(float v) {
        if (Float.isNaN(v) || Float.isInfinite(v)) {
            return NAN_CODE;
        }
        // 2^-127 is a float32 subnormal, for which getExponent answers -127: code 0
        return Math.getExponent(v) + 127;
    }

    /**
     * The code for {@code x}, following the ONNX reference (numpy_helper.to_float8e8m0): the
     * float32 exponent field rounded by the fraction bits; the sign is ignored, NaN and
     * infinities become NaN, and with {@code saturate} the largest exponent never rounds up
     * into NaN.
     */
    public static int codeOf(float x, boolean saturate, RoundMode mode) {
        int bits = Float.floatToRawIntBits(x);
        int exponent = (bits >>> 23) & 0xFF;
        if (exponent == 0xFF) {
            return NAN_CODE;
        }
        boolean roundUp = switch (mode) {
            case DOWN -> false;
            case UP -> (bits & 0x7FFFFF) != 0;
            case NEAREST -> {
                boolean guard = (bits & 0x400000) != 0;
                boolean roundBit = (bits & 0x200000) != 0;
                boolean sticky = (bits & 0x1FFFFF) != 0;
                // for normal numbers the "lsb" is always set, so a half rounds up (ties up)
                yield guard && (roundBit || sticky || exponent > 0);
            }
        };
        if (roundUp && !(saturate && exponent == MAX_EXPONENT)) {
            exponent++;
        }
        return exponent;
    }

    /** {@code x} rounded into the format, as a float32 value. */
    public static float round(float x, boolean saturate, RoundMode mode) {
        return decode(codeOf(x, saturate, mode));
    }
}
