package qmap.quant;

import qmap.ir.DType;
import qmap.ir.Tensor;

/** Symmetric weight scales: max|w| / qmax per channel along an axis (axis -1: one scale). */
public final class PerChannelScales {
    /** Scale for an all-zero channel: any positive value works; this one keeps zeros exact. */
    private static final float ZERO_CHANNEL_SCALE = 1e-8f;

    private PerChannelScales() {
    }

    public static float[] of(Tensor w, int axis, DType dtype) {
        double qmax = dtype.maxValue();
        float[] v = w.toFloats();
        int[] s = w.shape();
        int channels = axis < 0 ? 1 : s[axis];
        int inner = 1;
        for (int i = axis < 0 ? s.length : axis + 1; i < s.length; i++) {
            inner *= s[i];
        }
        double[] max = new double[channels];
        for (int i = 0; i < v.length; i++) {
            int c = axis < 0 ? 0 : (i / inner) % channels;
            max[c] = Math.max(max[c], Math.abs(v[i]));
        }
        float[] scales = new float[channels];
        for (int c = 0; c < channels; c++) {
            scales[c] = max[c] > 0 ? (float) (max[c] / qmax) : ZERO_CHANNEL_SCALE;
        }
        return scales;
    }
}
