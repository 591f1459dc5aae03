package qmap.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import qmap.ir.DType;
import qmap.ir.Tensor;
import qmap.io.RawTensors;

/**
 * The real models and inputs of ../shared (PP-OCR cls/rec/det, the seed tracker) as ready model
 * inputs: calibration samples normalized as the hb_mapper configs say.
 */
public final class SharedData {
    private SharedData() {
    }

    /** ../shared, from the qmap.shared system property (set by the build). */
    public static Path root() {
        return Path.of(System.getProperty("qmap.shared", "../shared")).toAbsolutePath().normalize();
    }

    /** The repository's examples/ folder (bundled small models and data). */
    public static Path examples() {
        return Path.of(System.getProperty("qmap.examples", "examples")).toAbsolutePath().normalize();
    }

    public static boolean available() {
        return Files.isDirectory(root().resolve("ocr-bench")) && Files.isDirectory(root().resolve("seed-tracker"));
    }

    public static Path ocrModel(String task) {
        return root().resolve("ocr-bench/models/" + task + ".onnx");
    }

    /** One PP-OCR sample: uint8 BGR NCHW from calib/TASK_bin, normalized (x - mean) * scale per channel. */
    public static Tensor ocrInput(String task, int index, int[] shape) {
        Path dir = root().resolve("ocr-bench/calib/" + task + "_bin");
        Path file = dir.resolve(String.format("%s_%04d.bin", task, index));
        return normalize(RawTensors.read(file, DType.UINT8, shape), task);
    }

    /** The cls sample committed as a test resource (so this test runs without ../shared). */
    public static Tensor bundledClsInput() {
        Path file = examples().resolve("cls/calib/cls_0000.bin");
        return normalize(RawTensors.read(file, DType.UINT8, new int[] {1, 3, 48, 192}), "cls");
    }

    public static byte[] bundledClsModel() {
        try {
            return Files.readAllBytes(examples().resolve("cls/cls.onnx"));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Tensor normalize(Tensor u8, String task) {
        double[] mean = task.equals("det") ? new double[] {123.675, 116.28, 103.53} : new double[] {127.5, 127.5, 127.5};
        double[] scale = task.equals("det")
                ? new double[] {0.017124753831663668, 0.017507002801120448, 0.017429193899782137}
                : new double[] {1 / 127.5, 1 / 127.5, 1 / 127.5};
        int[] s = u8.shape();
        int plane = s[2] * s[3];
        long[] v = u8.longs();
        float[] out = new float[v.length];
        for (int i = 0; i < v.length; i++) {
            int c = (i / plane) % 3;
            out[i] = (float) ((v[i] - mean[c]) * scale[c]);
        }
        return Tensor.ofFloats(s, out);
    }

    /** Every other row and column: a real 320x320 det input from a 640x640 sample. */
    public static Tensor downsample2x(Tensor t) {
        int[] s = t.shape();
        int h = s[2] / 2;
        int w = s[3] / 2;
        float[] in = t.floats();
        float[] out = new float[s[0] * s[1] * h * w];
        int k = 0;
        for (int c = 0; c < s[0] * s[1]; c++) {
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    out[k++] = in[c * s[2] * s[3] + 2 * y * s[3] + 2 * x];
                }
            }
        }
        return Tensor.ofFloats(new int[] {s[0], s[1], h, w}, out);
    }

    public static Path trackerModel() {
        return root().resolve("seed-tracker/seed_tracker.onnx");
    }

    /** Calibration sample {@code index} of the tracker: template, search (pixel values) and box. */
    public static Map<String, Tensor> trackerInputs(int index) {
        Path cal = root().resolve("seed-tracker/calibration");
        String f = String.format("cal_%02d.bin", index);
        Map<String, Tensor> m = new LinkedHashMap<>();
        m.put("input1", toFloat(RawTensors.read(cal.resolve("template/" + f), DType.UINT8, new int[] {1, 3, 127, 127})));
        m.put("input2", toFloat(RawTensors.read(cal.resolve("search/" + f), DType.UINT8, new int[] {1, 3, 255, 255})));
        m.put("input3", RawTensors.read(cal.resolve("template_bbox/" + f), DType.FLOAT, new int[] {1, 4, 1, 1}));
        return m;
    }

    private static Tensor toFloat(Tensor t) {
        return Tensor.ofFloats(t.shape(), t.toFloats().clone());
    }

    /** Eval triplet {@code index} of the tracker in the runtime format (uint8 NHWC BGR images, float box). */
    public static Map<String, Tensor> trackerEvalInputs(int index) {
        Path eval = root().resolve("seed-tracker/eval");
        Map<String, Tensor> m = new LinkedHashMap<>();
        m.put("input1", RawTensors.read(eval.resolve(String.format("z_%02d.bin", index)), DType.UINT8,
                new int[] {1, 127, 127, 3}));
        m.put("input2", RawTensors.read(eval.resolve(String.format("x_%02d.bin", index)), DType.UINT8,
                new int[] {1, 255, 255, 3}));
        m.put("input3", RawTensors.read(eval.resolve(String.format("b_%02d.bin", index)), DType.FLOAT,
                new int[] {1, 4, 1, 1}));
        return m;
    }

    /** The spread of vectors across samples: the std of each element across them, averaged over elements. */
    public static double spread(java.util.List<float[]> samples) {
        int n = samples.get(0).length;
        double spread = 0;
        for (int c = 0; c < n; c++) {
            double mean = 0;
            for (float[] v : samples) {
                mean += v[c] / samples.size();
            }
            double var = 0;
            for (float[] v : samples) {
                var += (v[c] - mean) * (v[c] - mean) / samples.size();
            }
            spread += Math.sqrt(var) / n;
        }
        return spread;
    }
}
