package qmap.quant;

import qmap.ir.DType;

/**
 * How one constant weight is quantized: symmetric, per output channel along {@code axis}
 * (or per tensor when {@code scales} has one entry and axis is -1).
 */
public record WeightQuant(String tensor, DType dtype, int axis, float[] scales) {
    public boolean perChannel() {
        return axis >= 0;
    }
}
