package qmap.exec;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import qmap.ir.Model;
import qmap.ir.Tensor;
import qmap.onnx.OnnxReader;
import qmap.passes.PassPipeline;
import qmap.run.RunJob;
import qmap.testing.OrtRunner;
import qmap.testing.SharedData;

/**
 * qmap's float executor against ONNX Runtime on the real models and real inputs: cosine
 * >= 0.99999 and max abs diff <= 1e-3 * max|ref| on every output.
 */
class RealModelAgreementTest {
    private static final String NO_SHARED = "../shared (ocr-bench, seed-tracker) is not present";

    @Test
    void bundledClsModelAgreesWithOnnxRuntime() {
        byte[] model = SharedData.bundledClsModel();
        Map<String, Tensor> in = Map.of("x", SharedData.bundledClsInput());
        Model m = OnnxReader.read(model, null, "cls.onnx");
        assertAgrees("cls (dynamic shapes)", Executor.of(m).run(in), OrtRunner.run(model, in, 1));
        assertAgrees("cls (static shapes)", runStatic(m, in), OrtRunner.run(model, in, 1));
    }

    @Test
    void ocrRecAgreesWithOnnxRuntime() throws IOException {
        assumeTrue(SharedData.available(), NO_SHARED);
        check("rec", Map.of("x", SharedData.ocrInput("rec", 0, new int[] {1, 3, 48, 320})));
    }

    @Test
    void ocrClsFromSharedAgreesWithOnnxRuntime() throws IOException {
        assumeTrue(SharedData.available(), NO_SHARED);
        check("cls", Map.of("x", SharedData.ocrInput("cls", 7, new int[] {1, 3, 48, 192})));
    }

    @Test
    void ocrDet320AgreesWithOnnxRuntime() throws IOException {
        assumeTrue(SharedData.available(), NO_SHARED);
        Tensor full = SharedData.ocrInput("det", 0, new int[] {1, 3, 640, 640});
        check("det", Map.of("x", SharedData.downsample2x(full)));
    }

    @Test
    void ocrDet640AgreesWithOnnxRuntime() throws IOException {
        assumeTrue(SharedData.available(), NO_SHARED);
        check("det", Map.of("x", SharedData.ocrInput("det", 1, new int[] {1, 3, 640, 640})));
    }

    @Test
    void seedTrackerAgreesWithOnnxRuntime() throws IOException {
        assumeTrue(SharedData.available(), NO_SHARED);
        Path file = SharedData.trackerModel();
        Map<String, Tensor> in = SharedData.trackerInputs(3);
        byte[] bytes = Files.readAllBytes(file);
        assertAgrees("seed tracker", runStatic(OnnxReader.read(file), in), OrtRunner.run(bytes, in, 2));
    }

    private static void check(String task, Map<String, Tensor> in) throws IOException {
        Path file = SharedData.ocrModel(task);
        byte[] bytes = Files.readAllBytes(file);
        assertAgrees(task + " " + java.util.Arrays.toString(in.get("x").shape()), runStatic(OnnxReader.read(file), in),
                OrtRunner.run(bytes, in, 2));
    }

    /** As 'qmap run' does: input shapes fixed, shape subgraphs folded. */
    static Map<String, Tensor> runStatic(Model m, Map<String, Tensor> in) {
        Map<String, int[]> shapes = new HashMap<>();
        in.forEach((k, v) -> shapes.put(k, v.shape()));
        Model fixed = RunJob.withInputShapes(m, shapes);
        Model folded = fixed.withGraph(PassPipeline.staticShapes().apply(fixed.graph()));
        return Executor.of(folded).run(in);
    }

    static void assertAgrees(String what, Map<String, Tensor> actual, Map<String, Tensor> reference) {
        for (Map.Entry<String, Tensor> e : reference.entrySet()) {
            Tensor a = actual.get(e.getKey());
            assertTrue(a != null, what + ": output " + e.getKey() + " missing");
            assertTrue(java.util.Arrays.equals(a.shape(), e.getValue().shape()), what + ": shape of " + e.getKey());
            Similarity s = Similarity.of(a, e.getValue());
            System.out.println("[agreement] " + what + " output " + e.getKey() + ": " + s);
            assertTrue(s.cosine() >= 0.99999, what + " output " + e.getKey() + ": " + s);
            assertTrue(s.maxAbsDiff() <= 1e-3 * s.maxAbsReference(), what + " output " + e.getKey() + ": " + s);
        }
    }
}
