package qmap.quant;

/**
 * How an accumulating NPU op (Conv, ConvTranspose, Gemm, MatMul, with its fused Relu/Clip) hands a
 * result to the CPU: requantized to int8, or as its int32 accumulator ("high precision"), which the
 * CPU dequantizes. The latter keeps e.g. the logits before a CPU Softmax at full precision.
 *
 * @param int32ToCpu        int32 when every reader of the output is on the CPU
 * @param int32ModelOutputs int32 when the output is a model output (off with set_model_output_int8)
 */
public record NpuOutputs(boolean int32ToCpu, boolean int32ModelOutputs) {
    /** Every NPU output requantized to int8. */
    public static final NpuOutputs REQUANTIZED = new NpuOutputs(false, false);
}
