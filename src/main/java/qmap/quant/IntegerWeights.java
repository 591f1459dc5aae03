package qmap.quant;

import qmap.ir.DType;
import qmap.ir.Tensor;

/**
 * Integer weights and biases from float ones, rounding half to even as ONNX QuantizeLinear does,
 * so the quantized model computes exactly what the calibrated (fake-quant) model computes.
 */
public final class IntegerWeights {
    private IntegerWeights() {
    }

    public static Tensor quantize(Tensor w, WeightQuant q) {
        float[] v = w.toFloats();
        int[] s = w.shape();
        long[] out = new long[v.length];
        long lo = q.dtype().minValue();
        long hi = q.dtype().maxValue();
        int inner = 1;
        for (int i = (q.axis() < 0 ? s.length : q.axis() + 1); i < s.length; i++) {
            inner *= s[i];
        }
        int channels = q.axis() < 0 ? 1 : s[q.axis()];
        for (int i = 0; i < v.length; i++) {
            int c = q.axis() < 0 ? 0 : (i / inner) % channels;
            double r = Math.rint(v[i] / (double) q.scales()[c]);
            out[i] = (long) Math.max(lo, Math.min(hi, r));
        }
        return Tensor.of(q.dtype(), s, out);
    }

    /** int32 bias at per-channel scales (a single scale applies to every element). */
    public static Tensor quantizeBias(Tensor b, float[] scales) {
        float[] v = b.toFloats();
        long[] out = new long[v.length];
        for (int i = 0; i < v.length; i++) {
            double r = Math.rint(v[i] / (double) scales[scales.length == 1 ? 0 : i]);
            out[i] = (long) Math.max(Integer.MIN_VALUE, Math.min(Integer.MAX_VALUE, r));
        }
        return Tensor.of(DType.INT32, b.shape(), out);
    }
}
