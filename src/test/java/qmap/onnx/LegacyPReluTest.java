package qmap.onnx;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import qmap.ir.Model;
import qmap.ir.Node;

/** An opset-6 PRelu with a per-channel slope of shape [C] imports with the slope aligned to axis 1. */
class LegacyPReluTest {
    @Test
    void perChannelSlopeGetsTrailingUnitDims() {
        Path model = Path.of(System.getProperty("qmap.shared", "../shared"),
                "onnx-pytorch-converted-tests", "test_PReLU_2d_multiparam", "model.onnx");
        Model m = OnnxReader.read(model);
        List<Node> nodes = m.graph().nodes();
        assertEquals(List.of("Unsqueeze", "PRelu"), nodes.stream().map(Node::opType).toList());
        assertArrayEquals(new long[] {1, 2}, m.graph().constants().get(nodes.get(0).input(1)).longs());
        assertEquals(nodes.get(0).output(0), nodes.get(1).input(1));
    }
}
