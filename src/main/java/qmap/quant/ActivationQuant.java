package qmap.quant;

import qmap.ir.DType;

/**
 * How one activation tensor is quantized, per tensor. Symmetric (zero point 0) maps
 * [-threshold, threshold] onto [-qmax, qmax]; with a zero point z the range [0, threshold] maps
 * onto [z, qmax] (image pixels 0..255 as int8 value - 128 with scale 1, Horizon's convention).
 * {@code method} records where the threshold came from.
 */
public record ActivationQuant(String tensor, DType dtype, double threshold, String method, long zeroPoint) {
    /** A symmetric quantization (zero point 0). */
    public ActivationQuant(String tensor, DType dtype, double threshold, String method) {
        this(tensor, dtype, threshold, method, 0);
    }

    public int qmax() {
        return dtype == DType.INT16 ? 32767 : dtype == DType.UINT8 ? 255 : 127;
    }

    public double scale() {
        return threshold > 0 ? threshold / (qmax() - zeroPoint) : 1.0 / qmax();
    }
}
