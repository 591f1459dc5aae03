package qmap.bench;

import java.nio.file.Path;
import java.util.Map;
import qmap.ir.Tensor;

/**
 * The three ocr-bench tasks: model input size, how the user's float model and qmap's models are
 * fed, how outputs are scored, and the keys of each metric in ref/baseline_results.json.
 */
public enum OcrTask {
    CLS("cls", 48, 192, Map.of("top-1", "top1")),
    REC("rec", 48, 320, Map.of("exact match", "exact_match", "char accuracy", "char_acc")),
    DET("det", 640, 640, Map.of("hmean", "hmean", "precision", "precision", "recall", "recall",
            "mean IoU matched", "mean_iou_matched"));

    private final String id;
    private final int height;
    private final int width;
    private final Map<String, String> baselineKeys;

    OcrTask(String id, int height, int width, Map<String, String> baselineKeys) {
        this.id = id;
        this.height = height;
        this.width = width;
        this.baselineKeys = baselineKeys;
    }

    public String id() {
        return id;
    }

    public static OcrTask named(String id) {
        for (OcrTask t : values()) {
            if (t.id.equals(id)) {
                return t;
            }
        }
        throw new IllegalArgumentException("unknown task '" + id + "' (expected cls, rec or det)");
    }

    /** The user's float model's input shape (NCHW). */
    public int[] floatShape() {
        return new int[] {1, 3, height, width};
    }

    /** The user's float model's input, exactly as PaddleOCR computes it. */
    public Tensor paddleInput(BgrImage img) {
        return this == DET ? PaddleInput.page(img, height, width) : PaddleInput.textLine(img, height, width);
    }

    /** The input of the models qmap built: uint8 BGR NHWC, 128 padding. */
    public Tensor runtimeInput(BgrImage img) {
        return RuntimeInput.of(img, height, width);
    }

    /** A fresh metric for {@code samples} samples; {@code ocrBench} is the ocr-bench folder (for rec's dictionary). */
    public TaskMetric metric(Path ocrBench, int samples) {
        return switch (this) {
            case CLS -> new ClsMetric(samples);
            case REC -> new RecMetric(CtcDecoder.fromDictionary(ocrBench.resolve("models/rec_dict.txt")), samples);
            case DET -> new DetMetric(DbPostProcess.paddleDefaults(), height, width, samples);
        };
    }

    /** The key of a metric in ref/baseline_results.json, null if it has none. */
    public String baselineKey(String metric) {
        return baselineKeys.get(metric);
    }
}
