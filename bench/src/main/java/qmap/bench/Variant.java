package qmap.bench;

import java.nio.file.Path;
import qmap.ir.Tensor;

/** One model evaluated on a task: which file, on which engine, fed how. */
public enum Variant {
    /** The user's original float model on ONNX Runtime, exact PaddleOCR input: the README's reference setting. */
    USER_FLOAT_ORT("user-float-ort", "user float model, PaddleOCR input, ONNX Runtime"),
    /** The user's original float model on qmap, exact PaddleOCR input (0 padding). */
    USER_FLOAT("user-float", "user float model, PaddleOCR input, qmap"),
    /** qmap's PREFIX_original_float_model.onnx (normalization folded in), uint8 input padded with 128. */
    FLOAT("float", "qmap original float model, uint8 input, qmap"),
    /** qmap's PREFIX_quantized_model.onnx, uint8 input padded with 128. */
    INT8("int8", "qmap quantized model, uint8 input, qmap"),
    /** The same quantized file on ONNX Runtime with its default graph optimizations (fused integer kernels). */
    INT8_ORT("int8-ort", "qmap quantized model, uint8 input, ONNX Runtime"),
    /**
     * The same file on ONNX Runtime without graph optimizations: every QuantizeLinear / DequantizeLinear
     * and float op runs as written, the semantics qmap's executor implements (the exact cross-check).
     */
    INT8_ORT_NOOPT("int8-ort-noopt", "qmap quantized model, uint8 input, ONNX Runtime without graph optimizations");

    private final String key;
    private final String description;

    Variant(String key, String description) {
        this.key = key;
        this.description = description;
    }

    public String key() {
        return key;
    }

    public String description() {
        return description;
    }

    public static Variant named(String key) {
        for (Variant v : values()) {
            if (v.key.equals(key)) {
                return v;
            }
        }
        throw new IllegalArgumentException("unknown variant '" + key + "' (expected user-float-ort, user-float, "
                + "float, int8, int8-ort or int8-ort-noopt)");
    }

    /** Whether the variant needs the models a qmap build writes. */
    public boolean needsBuild() {
        return this != USER_FLOAT_ORT && this != USER_FLOAT;
    }

    /** Opens the variant's model: the user's file, or qmap's original float / quantized file. */
    public ModelRunner open(OcrTask task, Path userModel, Path originalFloat, Path quantized) {
        return switch (this) {
            case USER_FLOAT_ORT -> new OrtRunner(userModel, true);
            case USER_FLOAT -> QmapRunner.withInputShape(userModel, task.floatShape());
            case FLOAT -> QmapRunner.of(originalFloat);
            case INT8 -> QmapRunner.of(quantized);
            case INT8_ORT -> new OrtRunner(quantized, true);
            case INT8_ORT_NOOPT -> new OrtRunner(quantized, false);
        };
    }

    public Tensor input(OcrTask task, BgrImage img) {
        return this == USER_FLOAT_ORT || this == USER_FLOAT ? task.paddleInput(img) : task.runtimeInput(img);
    }
}
