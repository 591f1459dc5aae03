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

    /**
     * The codes q of {@link #apply(Tensor, ActivationQuant, Buffers)} for an 8-bit activation, as
     * a tensor of {@code a.dtype()} whose array comes from {@code buffers}: {@link #decode} gives
     * back exactly the floats {@code apply} computes, in a quarter of the memory. Null when the
     * type is not 8-bit or x holds a NaN (which has no code; apply passes it through).
     */
    public static Tensor codes(Tensor x, ActivationQuant a, Buffers buffers) {
        if (a.dtype().bits() != 8 || x.dtype() != DType.FLOAT) {
            return null;
        }
        float[] v = x.toFloats();
        byte[] out = buffers.bytes(v.length);
        float s = (float) a.scale();
        double lo = a.dtype().minValue();
        double hi = a.dtype().maxValue();
        long zp = a.zeroPoint();
        for (int i = 0; i < v.length; i++) {
            double q = Math.rint(v[i] / s);
            if (Double.isNaN(q)) {
                return null; // out was never held: a pool frees it at its next settle
            }
            // apply's order: the zero point added before the clamp
            q = Math.max(lo, Math.min(hi, q + zp));
            out[i] = (byte) (long) q;
        }
        return Tensor.ofBytes(a.dtype(), x.shape(), out);
    }

    /** The floats of {@link #apply(Tensor, ActivationQuant, Buffers)} from its {@link #codes}, the array from {@code buffers}. */
    public static Tensor decode(Tensor codes, ActivationQuant a, Buffers buffers) {
        byte[] c = codes.bytes();
        float[] out = buffers.floats(c.length);
        float s = (float) a.scale();
        long zp = a.zeroPoint();
        boolean unsigned = a.dtype() == DType.UINT8;
        for (int i = 0; i < c.length; i++) {
            double q = unsigned ? c[i] & 0xff : c[i];
            out[i] = (float) ((q - zp) * s);
        }
        return Tensor.ofFloats(codes.shape(), out);
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
