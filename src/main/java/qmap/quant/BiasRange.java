package qmap.quant;

/**
 * Keeps int32 biases in range. A bias is quantized at {@code x_scale * w_scale[c]}; a channel
 * with (almost) no weight but a real bias, as batch-norm folding leaves behind, gets so small a
 * scale that its bias would not fit in int32 and was clamped (a wrong bias), and an int32
 * accumulator starting that close to its limit overflows on targets that wrap (ONNX Runtime's
 * QLinearConv does). So the channel's weight scale is raised until the bias needs at most
 * 2^30: the other half of the int32 range stays for the products, {@code |sum x*w| <= K * 128 *
 * 127 < 2^30} for int8 operands up to 66,000 taps. As ONNX Runtime's quantizer does
 * ({@code _adjust_weight_scale_for_int32_bias}), with that headroom added.
 */
final class BiasRange {
    /** The largest |bias| in bias steps. */
    static final double LIMIT = 1 << 30;

    private BiasRange() {
    }

    /**
     * The weight scales, raised where {@code inputScale * scale} is too fine for the bias
     * (a copy; the same array when nothing changes). One scale for all channels takes the
     * largest |bias|.
     */
    static float[] widen(float[] weightScales, double inputScale, float[] bias) {
        float[] out = weightScales;
        for (int c = 0; c < weightScales.length; c++) {
            double need = 0;
            if (weightScales.length == 1) {
                for (float b : bias) {
                    need = Math.max(need, Math.abs(b));
                }
            } else if (c < bias.length) {
                need = Math.abs(bias[c]);
            }
            need /= LIMIT;
            if (inputScale <= 0 || (float) (inputScale * weightScales[c]) >= need) {
                continue;
            }
            float s = (float) (need / inputScale);
            while ((float) (inputScale * s) < need) {
                s = Math.nextUp(s);
            }
            if (out == weightScales) {
                out = weightScales.clone();
            }
            out[c] = s;
        }
        return out;
    }
}
