package qmap.onnx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import qmap.exec.Similarity;
import qmap.ir.Model;
import qmap.ir.Tensor;
import qmap.testing.OrtRunner;
import qmap.testing.SharedData;

/** Import, export at qmap's opset, and ONNX Runtime gives the same outputs as on the original file. */
class RoundTripTest {
    private static final String NO_SHARED = "../shared (ocr-bench, seed-tracker) is not present";

    @Test
    void bundledClsSurvivesTheRoundTrip() {
        byte[] original = SharedData.bundledClsModel();
        assertRoundTrip("cls", original, Map.of("x", SharedData.bundledClsInput()));
    }

    @Test
    void exportedModelUsesOneModernOpsetAndNoConstantNodes() {
        Model m = OnnxReader.read(SharedData.bundledClsModel(), null, "cls.onnx");
        var proto = OnnxWriter.toProto(m);
        assertEquals(OnnxWriter.OPSET, proto.getOpsetImport(0).getVersion());
        assertTrue(proto.getGraph().getNodeList().stream().noneMatch(n -> n.getOpType().equals("Constant")));
        assertTrue(proto.getGraph().getInitializerCount() > 200, "weights of Constant nodes became initializers");
    }

    @Test
    void ocrAndTrackerModelsSurviveTheRoundTrip() throws IOException {
        assumeTrue(SharedData.available(), NO_SHARED);
        assertRoundTrip("rec", Files.readAllBytes(SharedData.ocrModel("rec")),
                Map.of("x", SharedData.ocrInput("rec", 0, new int[] {1, 3, 48, 320})));
        assertRoundTrip("det", Files.readAllBytes(SharedData.ocrModel("det")),
                Map.of("x", SharedData.downsample2x(SharedData.ocrInput("det", 0, new int[] {1, 3, 640, 640}))));
        Path tracker = SharedData.trackerModel();
        assertRoundTrip("tracker", Files.readAllBytes(tracker), SharedData.trackerInputs(0));
    }

    private static void assertRoundTrip(String what, byte[] original, Map<String, Tensor> in) {
        byte[] exported = OnnxWriter.toBytes(OnnxReader.read(original, null, what));
        Map<String, Tensor> ref = OrtRunner.run(original, in, 2);
        Map<String, Tensor> got = OrtRunner.run(exported, in, 2);
        for (Map.Entry<String, Tensor> e : ref.entrySet()) {
            Similarity s = Similarity.of(got.get(e.getKey()), e.getValue());
            System.out.println("[round-trip] " + what + " output " + e.getKey() + ": " + s);
            assertTrue(s.cosine() >= 0.99999 && s.maxAbsDiff() <= 1e-3 * s.maxAbsReference(), what + ": " + s);
        }
    }
}
