package qmap.target;

/**
 * A tensor that crosses between CPU and NPU and must be quantized (to NPU) or dequantized (to
 * CPU). {@code modelEdge} marks a model input entering the NPU or a model output leaving it;
 * {@code producer} is empty for a model input; {@code elements} is -1 when the shape is unknown.
 */
public record Boundary(String tensor, String producer, Unit from, Unit to, long elements, boolean modelEdge) {
    public String direction() {
        return to == Unit.NPU ? "quantize" : "dequantize";
    }
}
