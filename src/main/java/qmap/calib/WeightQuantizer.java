package qmap.calib;

import qmap.ir.Tensor;

/**
 * Symmetric scales for a float weight tensor from its exact |w| maximum: one per output
 * channel along an axis (0 for Conv weights and Gemm weights with transB), or one per tensor.
 */
public final class WeightQuantizer {
    private final int qmax;

    /** @param qmax 127 for int8 weights, 32767 for int16 */
    public WeightQuantizer(int qmax) {
        if (qmax < 1) {
            throw new IllegalArgumentException("qmax must be >= 1, got " + qmax);
        }
        this.qmax = qmax;
    }

    public int qmax() {
        return qmax;
    }

    /** One scale for the whole tensor: max|w| / qmax. */
    public SymmetricScale perTensor(Tensor weights) {
        float[] w = weights.toFloats();
        float m = 0;
        for (float v : w) {
            m = Math.max(m, Math.abs(v));
        }
        return SymmetricScale.of(m, qmax);
    }

    /**
     * One scale per index of {@code axis} (negative counts from the end): max|w| over the channel
     * / qmax. An all-zero channel takes the smallest threshold of the other channels (any scale
     * represents zeros exactly; a scale like its siblings' keeps its bias and requantization in
     * range), or {@link SymmetricScale#ALL_ZERO_THRESHOLD} when the whole tensor is zero.
     */
    public SymmetricScale[] perChannel(Tensor weights, int axis) {
        int rank = weights.rank();
        int a = axis < 0 ? axis + rank : axis;
        if (a < 0 || a >= rank) {
            throw new IllegalArgumentException("axis " + axis + " out of range for a rank-" + rank
                    + " weight " + java.util.Arrays.toString(weights.shape()));
        }
        double[] thresholds = channelAbsMax(weights.toFloats(), weights.shape(), a);
        double smallest = 0;
        for (double t : thresholds) {
            if (t > 0 && (smallest == 0 || t < smallest)) {
                smallest = t;
            }
        }
        SymmetricScale[] scales = new SymmetricScale[thresholds.length];
        for (int c = 0; c < thresholds.length; c++) {
            scales[c] = SymmetricScale.of(thresholds[c] > 0 ? thresholds[c] : smallest, qmax);
        }
        return scales;
    }

    /** The float32 scales of {@link #perChannel}, as a model's scale initializer holds them. */
    public float[] perChannelScales(Tensor weights, int axis) {
        SymmetricScale[] s = perChannel(weights, axis);
        float[] out = new float[s.length];
        for (int c = 0; c < s.length; c++) {
            out[c] = s[c].scale();
        }
        return out;
    }

    private static double[] channelAbsMax(float[] w, int[] shape, int axis) {
        int channels = shape[axis];
        int inner = 1;
        for (int d = axis + 1; d < shape.length; d++) {
            inner *= shape[d];
        }
        int outer = channels == 0 || inner == 0 ? 0 : w.length / (channels * inner);
        double[] max = new double[channels];
        for (int o = 0; o < outer; o++) {
            for (int c = 0; c < channels; c++) {
                int base = (o * channels + c) * inner;
                float m = (float) max[c];
                for (int k = 0; k < inner; k++) {
                    m = Math.max(m, Math.abs(w[base + k]));
                }
                max[c] = m;
            }
        }
        return max;
    }
}
