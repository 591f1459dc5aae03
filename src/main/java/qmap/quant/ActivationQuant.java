package qmap.quant;

import qmap.ir.DType;

/**
 * How one activation tensor is quantized: symmetric, per tensor, zero point 0.
 * {@code scale = threshold / qmax}; {@code method} records where the threshold came from.
 */
public record ActivationQuant(String tensor, DType dtype, double threshold, String method) {
    public int qmax() {
        return dtype == DType.INT16 ? 32767 : dtype == DType.UINT8 ? 255 : 127;
    }

    public double scale() {
        return threshold > 0 ? threshold / qmax() : 1.0 / qmax();
    }
}
