package qmap.quant;

import qmap.ir.DType;
import qmap.ir.Tensor;
import qmap.ops.Buffers;

/**
 * Quantize-then-dequantize of a float tensor, exactly as a QuantizeLinear/DequantizeLinear pair
 * computes it: q = clamp(rint(x / s) + zp, qmin, qmax), x' = (q - zp) * s, zero point 0.
 */
public final class FakeQuant {
    private FakeQuant() {
    }

    public static Tensor apply(Tensor x, ActivationQuant a) {
        return apply(x, a, Buffers.FRESH);
    }

    /** As {@link #apply(Tensor, ActivationQuant)}, the result's array taken from {@code buffers}. */
    public static Tensor apply(Tensor x, ActivationQuant a, Buffers buffers) {
        if (a.zeroPoint() != 0) {
            float[] v = x.toFloats();
            float[] out = buffers.floats(v.length);
            float s = (float) a.scale();
            double lo = a.dtype().minValue();
            double hi = a.dtype().maxValue();
            for (int i = 0; i < v.length; i++) {
                double q = Math.max(lo, Math.min(hi, Math.rint(v[i] / s) + a.zeroPoint()));
                out[i] = (float) ((q - a.zeroPoint()) * s);
            }
            return Tensor.ofFloats(x.shape(), out);
        }
        return apply(x, new float[] {(float) a.scale()}, -1, a.dtype(), buffers);
    }

    public static Tensor apply(Tensor x, WeightQuant w) {
        return apply(x, w.scales(), w.axis(), w.dtype(), Buffers.FRESH);
    }

    private static Tensor apply(Tensor x, float[] scales, int axis, DType dtype, Buffers buffers) {
        float[] v = x.toFloats();
        float[] out = buffers.floats(v.length);
        int[] s = x.shape();
        int inner = 1;
        for (int i = axis < 0 ? s.length : axis + 1; i < s.length; i++) {
            inner *= s[i];
        }
        int channels = axis < 0 ? 1 : s[axis];
        double lo = dtype.minValue();
        double hi = dtype.maxValue();
        for (int i = 0; i < v.length; i++) {
            float scale = scales[axis < 0 ? 0 : (i / inner) % channels];
            double q = Math.rint(v[i] / scale);
            q = Math.max(lo, Math.min(hi, q));
            out[i] = (float) (q * scale);
        }
        return Tensor.ofFloats(s, out);
    }
}
