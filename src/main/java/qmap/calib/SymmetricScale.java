package qmap.calib;

import qmap.ir.DType;

/**
 * A symmetric quantization of a tensor (zero point 0): real value = q · scale with
 * q in [-qmax, qmax]. The scale is float32 because that is what the model file stores.
 *
 * @param threshold the clipping threshold T that maps to ±qmax
 * @param scale     T / qmax rounded to float32
 * @param qmax      127 for int8, 32767 for int16
 */
public record SymmetricScale(double threshold, float scale, int qmax) {
    /**
     * Threshold used for a tensor that is all zero: any scale represents it exactly, and 1 keeps
     * the requantization multipliers around it ordinary (a tiny scale would overflow int32 biases).
     */
    public static final double ALL_ZERO_THRESHOLD = 1.0;

    public SymmetricScale {
        if (!(threshold > 0) || Double.isInfinite(threshold) || !(scale > 0) || qmax < 1) {
            throw new IllegalArgumentException("bad symmetric scale: threshold " + threshold
                    + ", scale " + scale + ", qmax " + qmax);
        }
    }

    /** The scale for threshold T; T = 0 (an all-zero tensor) becomes {@link #ALL_ZERO_THRESHOLD}. */
    public static SymmetricScale of(double threshold, int qmax) {
        if (!(threshold >= 0) || Double.isInfinite(threshold)) {
            throw new IllegalArgumentException("threshold must be finite and >= 0, got " + threshold);
        }
        double t = threshold == 0 ? ALL_ZERO_THRESHOLD : threshold;
        float scale = (float) (t / qmax);
        if (scale == 0) {
            scale = Float.MIN_NORMAL;
        }
        return new SymmetricScale(t, scale, qmax);
    }

    /** 2^(bits-1) - 1: 127 for 8 bits, 32767 for 16. */
    public static int qmax(int bits) {
        if (bits < 2 || bits > 31) {
            throw new IllegalArgumentException("bits must be in [2, 31], got " + bits);
        }
        return (1 << (bits - 1)) - 1;
    }

    /** qmax of a signed integer type (INT8 → 127, INT16 → 32767). */
    public static int qmax(DType type) {
        if (!type.isInteger() || !type.isSigned() || type.bits() > 31) {
            throw new IllegalArgumentException("symmetric quantization needs a signed integer type of "
                    + "at most 31 bits, got " + type.onnxName());
        }
        return qmax(type.bits());
    }

    /** round-half-even(x / scale), saturated to [-qmax, qmax]. */
    public int quantize(double x) {
        double q = Math.rint(x / scale);
        return (int) Math.max(-qmax, Math.min(qmax, q));
    }

    public double dequantize(int q) {
        return (double) q * scale;
    }
}
