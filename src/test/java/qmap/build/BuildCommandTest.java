package qmap.build;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static qmap.testing.Cli.qmap;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import qmap.testing.Cli.Outcome;
import org.junit.jupiter.api.io.TempDir;
import qmap.exec.Executor;
import qmap.ir.Attribute;
import qmap.ir.DType;
import qmap.ir.Graph;
import qmap.ir.Model;
import qmap.ir.Node;
import qmap.ir.Tensor;
import qmap.ir.TensorType;
import qmap.ir.ValueInfo;
import qmap.onnx.OnnxReader;
import qmap.onnx.OnnxWriter;

/**
 * 'qmap build' as a user runs it, on a tiny two-input model (an image and a feature map):
 * every output file, determinism, the preprocessing folded into the model, and one test per
 * kind of bad config or data file (exit code 2 and a message naming the key or file).
 */
class BuildCommandTest {
    @TempDir
    Path dir;

    /** img [1,3,4,4] rgb -> Conv 3->2 3x3 pad 1 -> Relu -> y; feat [1,2,1,1] -> Mul by 2 -> z. */
    @BeforeEach
    void tinyModelAndData() throws Exception {
        float[] w = new float[2 * 3 * 9];
        for (int i = 0; i < w.length; i++) {
            w[i] = (float) Math.sin(i) * 0.01f;
        }
        Graph g = new Graph("tiny", List.of(
                Node.builder("Conv").name("conv0").inputs("img", "w", "b").outputs("c")
                        .attr("pads", Attribute.ofInts(1, 1, 1, 1)).build(),
                Node.builder("Relu").name("relu0").inputs("c").outputs("y").build(),
                Node.builder("Mul").name("mul0").inputs("feat", "two").outputs("z").build()),
                List.of(new ValueInfo("img", TensorType.of(DType.FLOAT, 1, 3, 4, 4)),
                        new ValueInfo("feat", TensorType.of(DType.FLOAT, 1, 2, 1, 1))),
                List.of(new ValueInfo("y", TensorType.UNKNOWN), new ValueInfo("z", TensorType.UNKNOWN)),
                Map.of("w", Tensor.ofFloats(new int[] {2, 3, 3, 3}, w), "b", Tensor.ofFloats(new int[] {2}, 0.1f, -0.1f),
                        "two", Tensor.scalar(2f)), Map.of());
        OnnxWriter.write(new Model(g, Map.of("", 13L), "test", "", 8, Map.of()), dir.resolve("tiny.onnx"));
        Files.createDirectories(dir.resolve("cal/img"));
        Files.createDirectories(dir.resolve("cal/feat"));
        for (int s = 0; s < 4; s++) {
            byte[] px = new byte[48];
            for (int i = 0; i < px.length; i++) {
                px[i] = (byte) ((i * 37 + s * 11) % 256);
            }
            Files.write(dir.resolve("cal/img/s" + s + ".bin"), px);
            writeFloats(dir.resolve("cal/feat/s" + s + ".bin"), 0.5f * s, -1f + s);
        }
    }

    private static void writeFloats(Path f, float... v) throws Exception {
        ByteBuffer b = ByteBuffer.allocate(4 * v.length).order(ByteOrder.LITTLE_ENDIAN);
        for (float x : v) {
            b.putFloat(x);
        }
        Files.write(f, b.array());
    }

    private String config(String model, String inputs, String calibration) {
        return "model_parameters:\n  onnx_model: 'tiny.onnx'\n  march: 'bernoulli2'\n"
                + "  output_model_file_prefix: 'tiny'\n  working_dir: 'out'\n" + model
                + "input_parameters:\n  input_name: 'img; feat'\n  input_type_train: 'rgb; featuremap'\n"
                + "  input_layout_train: 'NCHW; NCHW'\n  input_shape: '1x3x4x4; 1x2x1x1'\n"
                + "  input_type_rt: 'bgr; featuremap'\n  input_layout_rt: 'NHWC; NCHW'\n" + inputs
                + "calibration_parameters:\n  cal_data_dir: './cal/img; ./cal/feat'\n"
                + "  cal_data_type: 'uint8; float32'\n  calibration_type: 'max'\n" + calibration;
    }

    private Path writeConfig(String text) throws Exception {
        Path c = dir.resolve("config.yaml");
        Files.writeString(c, text);
        return c;
    }

    @Test
    void buildWritesEveryFileAndPrintsTheTable() throws Exception {
        Outcome r = qmap("build", "--config", writeConfig(config("", "", "")).toString());
        assertEquals(0, r.code(), r.err());
        for (String suffix : List.of("_original_float_model.onnx", "_optimized_float_model.onnx",
                "_calibrated_model.onnx", "_quantized_model.onnx", ".qmap", "_nodes.json", "_build.log")) {
            assertTrue(Files.size(dir.resolve("out/tiny" + suffix)) > 0, suffix);
        }
        assertTrue(r.out().contains("Node") && r.out().contains("conv0") && r.out().contains("output y: cosine"),
                r.out());
        String log = Files.readString(dir.resolve("out/tiny_build.log"));
        assertTrue(log.contains("calibration method: max"), log);
        assertTrue(log.contains("calibration_parameters.calibration_type: max"), log);
    }

    @Test
    void theOriginalModelTakesRuntimeInputsAndMatchesTheUsersModel() throws Exception {
        assertEquals(0, qmap("build", "--config", writeConfig(config("", "", "")).toString()).code());
        Model original = OnnxReader.read(dir.resolve("out/tiny_original_float_model.onnx"));
        assertEquals(DType.UINT8, original.graph().inputs().get(0).type().dtype());
        assertArrayEquals(new int[] {1, 4, 4, 3}, original.graph().inputs().get(0).type().dims());
        // runtime: NHWC BGR uint8; training: NCHW RGB float of the same pixels
        long[] nhwcBgr = new long[48];
        float[] nchwRgb = new float[48];
        for (int y = 0; y < 4; y++) {
            for (int x = 0; x < 4; x++) {
                for (int c = 0; c < 3; c++) {
                    int v = (y * 4 + x) * 10 + c * 3;
                    nhwcBgr[(y * 4 + x) * 3 + (2 - c)] = v;
                    nchwRgb[c * 16 + y * 4 + x] = v;
                }
            }
        }
        Tensor feat = Tensor.ofFloats(new int[] {1, 2, 1, 1}, 0.25f, -0.5f);
        Map<String, Tensor> rt = Executor.of(original).run(Map.of("img",
                Tensor.of(DType.UINT8, new int[] {1, 4, 4, 3}, nhwcBgr), "feat", feat));
        Map<String, Tensor> train = Executor.of(OnnxReader.read(dir.resolve("tiny.onnx"))).run(Map.of("img",
                Tensor.ofFloats(new int[] {1, 3, 4, 4}, nchwRgb), "feat", feat));
        assertArrayEquals(train.get("y").floats(), rt.get("y").floats(), 1e-6f);
        assertArrayEquals(train.get("z").floats(), rt.get("z").floats(), 0f);
    }

    @Test
    void twoBuildsGiveByteIdenticalFiles() throws Exception {
        Path c = writeConfig(config("", "", ""));
        assertEquals(0, qmap("build", "--config", c.toString(), "--working-dir", dir.resolve("a").toString()).code());
        assertEquals(0, qmap("build", "--config", c.toString(), "--working-dir", dir.resolve("b").toString()).code());
        for (String suffix : List.of("_original_float_model.onnx", "_optimized_float_model.onnx",
                "_calibrated_model.onnx", "_quantized_model.onnx", ".qmap", "_nodes.json")) {
            assertArrayEquals(Files.readAllBytes(dir.resolve("a/tiny" + suffix)),
                    Files.readAllBytes(dir.resolve("b/tiny" + suffix)), suffix);
        }
    }

    @Test
    void theThreadCountDoesNotChangeAByte() throws Exception {
        Path one = dir.resolve("one.yaml");
        Path three = dir.resolve("three.yaml");
        Files.writeString(one, config("", "", "") + "qmap_parameters:\n  threads: 1\n");
        Files.writeString(three, config("", "", "") + "qmap_parameters:\n  threads: 3\n");
        assertEquals(0, qmap("build", "--config", one.toString(), "--working-dir", dir.resolve("t1").toString()).code());
        assertEquals(0, qmap("build", "--config", three.toString(), "--working-dir", dir.resolve("t3").toString()).code());
        for (String suffix : List.of("_calibrated_model.onnx", "_quantized_model.onnx", ".qmap", "_nodes.json")) {
            assertArrayEquals(Files.readAllBytes(dir.resolve("t1/tiny" + suffix)),
                    Files.readAllBytes(dir.resolve("t3/tiny" + suffix)), suffix);
        }
    }

    @Test
    void thePackageRunsLikeTheQuantizedModel() throws Exception {
        assertEquals(0, qmap("build", "--config", writeConfig(config("", "", "")).toString()).code());
        long[] px = new long[48];
        for (int i = 0; i < px.length; i++) {
            px[i] = (i * 29) % 256;
        }
        Map<String, Tensor> in = Map.of("img", Tensor.of(DType.UINT8, new int[] {1, 4, 4, 3}, px),
                "feat", Tensor.ofFloats(new int[] {1, 2, 1, 1}, 0.3f, -0.7f));
        Map<String, Tensor> viaApi = qmap.pkg.QmapModel.open(dir.resolve("out/tiny.qmap")).run(in, 2);
        Map<String, Tensor> onnx = Executor.of(OnnxReader.read(dir.resolve("out/tiny_quantized_model.onnx"))).run(in);
        assertArrayEquals(onnx.get("y").floats(), viaApi.get("y").floats(), 0f);
        assertArrayEquals(onnx.get("z").floats(), viaApi.get("z").floats(), 0f);
        qmap.io.Npy.write(in.get("img"), dir.resolve("img.npy"));
        qmap.io.Npy.write(in.get("feat"), dir.resolve("feat.npy"));
        Outcome r = qmap("run", dir.resolve("out/tiny.qmap").toString(), "--input", "img=" + dir.resolve("img.npy"),
                "--input", "feat=" + dir.resolve("feat.npy"), "--output-dir", dir.resolve("run").toString());
        assertEquals(0, r.code(), r.err());
        assertArrayEquals(onnx.get("y").floats(), qmap.io.Npy.read(dir.resolve("run/y.npy")).floats(), 0f);
    }

    @Test
    void perfReadsThePackage() throws Exception {
        assertEquals(0, qmap("build", "--config", writeConfig(config("", "", "")).toString()).code());
        Outcome r = qmap("perf", dir.resolve("out/tiny.qmap").toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("conv0") && r.out().contains("total:"), r.out());
        Files.write(dir.resolve("out/broken.qmap"), new byte[] {80, 75, 3, 4, 1, 2});
        assertEquals(2, qmap("perf", dir.resolve("out/broken.qmap").toString()).code());
    }

    private void assertUserError(Outcome r, String... fragments) {
        assertEquals(2, r.code(), r.err());
        for (String f : fragments) {
            assertTrue(r.err().contains(f), "expected '" + f + "' in: " + r.err());
        }
        assertEquals(1, r.err().strip().lines().filter(l -> l.startsWith("qmap: error")).count(), r.err());
    }

    @Test
    void missingGroupOrKeyIsAUserError() throws Exception {
        String noCalib = config("", "", "").replaceAll("(?s)calibration_parameters:.*", "");
        assertUserError(qmap("build", "--config", writeConfig(noCalib).toString()), "calibration_parameters");
        String noMarch = config("", "", "").replace("  march: 'bernoulli2'\n", "");
        assertUserError(qmap("build", "--config", writeConfig(noMarch).toString()), "model_parameters.march");
    }

    @Test
    void unknownMarchIsAUserError() throws Exception {
        String bad = config("", "", "").replace("bernoulli2", "bernouli2");
        assertUserError(qmap("build", "--config", writeConfig(bad).toString()), "march", "bernouli2", "bernoulli2");
    }

    @Test
    void inputNameNotInTheModelIsAUserError() throws Exception {
        String bad = config("", "", "").replace("input_name: 'img; feat'", "input_name: 'image; feat'");
        assertUserError(qmap("build", "--config", writeConfig(bad).toString()), "input_parameters.input_name",
                "'image'", "[img, feat]");
    }

    @Test
    void malformedShapeIsAUserError() throws Exception {
        String bad = config("", "", "").replace("1x3x4x4;", "1x3x4by4;");
        assertUserError(qmap("build", "--config", writeConfig(bad).toString()), "input_parameters.input_shape",
                "1x3x4by4");
    }

    @Test
    void missingCalibrationDirectoryIsAUserError() throws Exception {
        String bad = config("", "", "").replace("./cal/feat'", "./cal/nothere'");
        assertUserError(qmap("build", "--config", writeConfig(bad).toString()), "cal_data_dir", "nothere");
    }

    @Test
    void unpairedCalibrationFilesAreAUserError() throws Exception {
        Files.delete(dir.resolve("cal/feat/s3.bin"));
        assertUserError(qmap("build", "--config", writeConfig(config("", "", "")).toString()), "cal_data_dir",
                "has 4 files", "has 3");
    }

    @Test
    void wrongSizeCalibrationFileIsAUserError() throws Exception {
        Files.write(dir.resolve("cal/img/s2.bin"), new byte[47]);
        assertUserError(qmap("build", "--config", writeConfig(config("", "", "")).toString()), "s2.bin",
                "47 bytes", "expected 48");
    }

    @Test
    void nanInFloatCalibrationDataIsAUserError() throws Exception {
        writeFloats(dir.resolve("cal/feat/s1.bin"), 1f, Float.NaN);
        assertUserError(qmap("build", "--config", writeConfig(config("", "", "")).toString()), "s1.bin", "NaN");
        writeFloats(dir.resolve("cal/feat/s1.bin"), Float.POSITIVE_INFINITY, 1f);
        assertUserError(qmap("build", "--config", writeConfig(config("", "", "")).toString()), "s1.bin", "Infinity");
    }

    @Test
    void runOnCpuMovesTheNodeAndTheTableSaysSo() throws Exception {
        Path c = writeConfig(config("", "", "  run_on_cpu: 'conv0'\n"));
        Outcome r = qmap("build", "--config", c.toString());
        assertEquals(0, r.code(), r.err());
        String row = r.out().lines().filter(l -> l.startsWith("conv0")).findFirst().orElseThrow();
        assertTrue(row.contains(" CPU "), row);
        assertTrue(Files.readString(dir.resolve("out/tiny_nodes.json")).contains("run_on_cpu"));
        assertUserError(qmap("build", "--config", writeConfig(config("", "", "  run_on_cpu: 'conv9'\n")).toString()),
                "conv9");
    }
}
