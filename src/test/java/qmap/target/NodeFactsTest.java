package qmap.target;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static qmap.target.GraphBuilder.dims;

import java.util.List;
import org.junit.jupiter.api.Test;
import qmap.ir.Graph;
import qmap.ir.Tensor;

class NodeFactsTest {
    private static NodeFacts facts(Graph g) {
        return new NodeFacts(g, g.nodes().get(0));
    }

    @Test
    void sigmoidPaddedSizeIsTheSmallerLayout() {
        // C=3, H=10, W=10: 8W4C = 4*10*16 = 640, 32C = 32*10*10 = 3200
        Graph g = new GraphBuilder().input("x", 1, 3, 10, 10)
                .node("Sigmoid", "s", List.of("x"), "y", dims(1, 3, 10, 10)).build();
        assertEquals(640L, facts(g).value("sigmoid_padded_size"));
        assertEquals(300L, facts(g).value("input_chw"));
    }

    @Test
    void broadcastKindsOfBinaryOps() {
        Graph g = new GraphBuilder().input("x", 1, 8, 4, 4).input("c", 1, 8, 1, 1)
                .node("Mul", "m", List.of("c", "x"), "y", dims(1, 8, 4, 4)).build();
        assertEquals("other", facts(g).value("broadcast"));
        assertEquals("per_channel", facts(g).value("broadcast_unordered"));
        assertEquals(0L, facts(g).value("const_inputs"));
    }

    @Test
    void matMulPatternUsesTheDocsNotation() {
        Graph g = new GraphBuilder().input("x", 1, 4, 16, 32).constant("w", 32, 8)
                .node("MatMul", "mm", List.of("x", "w"), "y", dims(1, 4, 16, 8)).build();
        assertEquals("1BMKxKN", facts(g).value("matmul_pattern"));
        assertEquals(true, facts(g).value("y_const"));
    }

    @Test
    void reduceAxesComeFromTheConstantInput() {
        Graph g = new GraphBuilder().input("x", 1, 8, 4, 4).constant("axes", Tensor.ofLongs(new int[] {2}, -1, 2))
                .node("ReduceMean", "r", List.of("x", "axes"), "y", dims(1, 8, 1, 1)).build();
        assertEquals(List.of(2L, 3L), facts(g).value("axes"));
        assertEquals("hw", facts(g).value("reduce_axes_kind"));
    }

    @Test
    void unknownShapesGiveUnknownFacts() {
        Graph g = new GraphBuilder().input("x", 1, 3, -1, 10)
                .node("Sigmoid", "s", List.of("x"), "y", dims(1, 3, -1, 10)).build();
        assertInstanceOf(NodeFacts.Unknown.class, facts(g).value("input_hw"));
    }
}
