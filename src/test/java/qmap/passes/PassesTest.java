package qmap.passes;

import qmap.kernels.FastKernels;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import qmap.exec.Executor;
import qmap.exec.Similarity;
import qmap.ir.Attribute;
import qmap.ir.DType;
import qmap.ir.Graph;
import qmap.ir.Node;
import qmap.ir.Tensor;
import qmap.ir.TensorType;
import qmap.ir.ValueInfo;
import qmap.ops.OpRegistry;

class PassesTest {
    private static Tensor ints(long... v) {
        return Tensor.ofLongs(new int[] {v.length}, v);
    }

    private static Map<String, Tensor> run(Graph g, Map<String, Tensor> in) {
        return new Executor(g, FastKernels.registry(), 21).run(in);
    }

    /** x[1,6,2,2] -> Shape -> Gather(1) -> Unsqueeze -> Concat([1, c, 4]) -> Reshape: the PaddleOCR pattern. */
    @Test
    void foldConstantsCollapsesAShapeSubgraph() {
        Graph g = new Graph("g", List.of(
                Node.builder("Shape").name("shape").inputs("x").outputs("s").build(),
                Node.builder("Gather").name("gather").inputs("s", "one").outputs("c").attr("axis", Attribute.ofInt(0)).build(),
                Node.builder("Unsqueeze").name("unsq").inputs("c", "zero").outputs("c1").build(),
                Node.builder("Concat").name("concat").inputs("lead", "c1", "four").outputs("target")
                        .attr("axis", Attribute.ofInt(0)).build(),
                Node.builder("Reshape").name("reshape").inputs("x", "target").outputs("y").build()),
                List.of(new ValueInfo("x", TensorType.of(DType.FLOAT, 1, 6, 2, 2))),
                List.of(new ValueInfo("y", TensorType.UNKNOWN)),
                Map.of("one", Tensor.scalarLong(1), "zero", ints(0), "lead", ints(1), "four", ints(4)), Map.of());
        Graph folded = PassPipeline.staticShapes().apply(g);
        assertEquals(1, folded.nodes().size(), "only the Reshape remains: " + folded.nodes());
        assertArrayEquals(new long[] {1, 6, 4}, folded.constants().get(folded.nodes().get(0).input(1)).longs());
        assertArrayEquals(new int[] {1, 6, 4}, folded.typeOf("y").dims());
        float[] v = new float[24];
        for (int i = 0; i < v.length; i++) {
            v[i] = i;
        }
        Map<String, Tensor> in = Map.of("x", Tensor.ofFloats(new int[] {1, 6, 2, 2}, v));
        assertArrayEquals(run(g, in).get("y").floats(), run(folded, in).get("y").floats());
    }

    @Test
    void foldConstantsKeepsShapeOfADynamicInput() {
        Graph g = new Graph("g", List.of(Node.builder("Shape").name("shape").inputs("x").outputs("s").build()),
                List.of(new ValueInfo("x", new TensorType(DType.FLOAT, new int[] {1, -1}, null))),
                List.of(new ValueInfo("s", TensorType.UNKNOWN)), Map.of(), Map.of());
        assertEquals(1, new FoldConstants().apply(g).nodes().size());
    }

    @Test
    void batchNormIsFoldedIntoTheConvWithTheSameOutputs() {
        float[] w = {1f, -2f, 0.5f, 3f};            // 2 output channels, 2 inputs, 1x1
        Graph g = new Graph("g", List.of(
                Node.builder("Conv").name("conv").inputs("x", "w", "b").outputs("c").build(),
                Node.builder("BatchNormalization").name("bn").inputs("c", "gamma", "beta", "mean", "var").outputs("y")
                        .attr("epsilon", Attribute.ofFloat(1e-3f)).build()),
                List.of(new ValueInfo("x", TensorType.of(DType.FLOAT, 1, 2, 2, 2))),
                List.of(new ValueInfo("y", TensorType.UNKNOWN)),
                Map.of("w", Tensor.ofFloats(new int[] {2, 2, 1, 1}, w), "b", Tensor.ofFloats(new int[] {2}, 0.1f, -0.3f),
                        "gamma", Tensor.ofFloats(new int[] {2}, 2f, 0.5f), "beta", Tensor.ofFloats(new int[] {2}, 1f, -1f),
                        "mean", Tensor.ofFloats(new int[] {2}, 0.2f, 3f), "var", Tensor.ofFloats(new int[] {2}, 4f, 0.25f)),
                Map.of());
        Graph folded = new FoldBatchNormIntoConv().apply(g);
        assertEquals(List.of("Conv"), folded.nodes().stream().map(Node::opType).toList());
        assertEquals("y", folded.nodes().get(0).output(0));
        // channel 0: factor 2 / sqrt(4.001); bias (0.1 - 0.2) * factor + 1
        double f0 = 2 / Math.sqrt(4.001);
        Tensor b = folded.constants().get(folded.nodes().get(0).input(2));
        assertEquals((0.1 - 0.2) * f0 + 1, b.getDouble(0), 1e-6);
        Map<String, Tensor> in = Map.of("x", Tensor.ofFloats(new int[] {1, 2, 2, 2}, 1, 2, 3, 4, -1, -2, 5, 0.5f));
        Similarity s = Similarity.of(run(folded, in).get("y"), run(g, in).get("y"));
        assertTrue(s.maxAbsDiff() < 1e-5, s.toString());
    }

    @Test
    void identitiesAreRemovedAndGraphOutputNamesKept() {
        Graph g = new Graph("g", List.of(
                Node.builder("Relu").name("r").inputs("x").outputs("a").build(),
                Node.builder("Identity").name("i1").inputs("a").outputs("b").build(),
                Node.builder("Dropout").name("d").inputs("b").outputs("c").build(),
                Node.builder("Neg").name("n").inputs("c").outputs("t").build(),
                Node.builder("Identity").name("i2").inputs("t").outputs("y").build()),
                List.of(new ValueInfo("x", TensorType.of(DType.FLOAT, 2))),
                List.of(new ValueInfo("y", TensorType.UNKNOWN)), Map.of(), Map.of());
        Graph out = new RemoveIdentities().apply(g);
        assertEquals(List.of("Relu", "Neg"), out.nodes().stream().map(Node::opType).toList());
        assertEquals("y", out.nodes().get(1).output(0));
        Map<String, Tensor> in = Map.of("x", Tensor.ofFloats(new int[] {2}, -1f, 2f));
        assertArrayEquals(new float[] {-0f, -2f}, run(out, in).get("y").floats());
    }

    @Test
    void cutAtValuesFeedsAnInnerTensor() {
        Graph g = new Graph("g", List.of(
                Node.builder("Cast").name("cast").inputs("u8").outputs("f").attr("to", Attribute.ofInt(1)).build(),
                Node.builder("Neg").name("neg").inputs("f").outputs("y").build()),
                List.of(new ValueInfo("u8", TensorType.of(DType.UINT8, 2))),
                List.of(new ValueInfo("y", TensorType.UNKNOWN)), Map.of(), Map.of());
        Graph cut = CutAtValues.apply(g, Map.of("u8", "f"), Map.of("f", TensorType.of(DType.FLOAT, 2)));
        assertEquals(List.of("Neg"), cut.nodes().stream().map(Node::opType).toList());
        assertEquals("f", cut.inputs().get(0).name());
        assertArrayEquals(new float[] {-3f, 4f},
                run(cut, Map.of("f", Tensor.ofFloats(new int[] {2}, 3f, -4f))).get("y").floats());
    }

    @Test
    void noopReshapesAreRemovedOnlyWhenTheShapeIsUnchanged() {
        Graph g = new Graph("g", List.of(
                Node.builder("Flatten").name("f").inputs("x").outputs("a").attr("axis", Attribute.ofInt(1)).build(),
                Node.builder("Neg").name("n").inputs("a").outputs("b").build(),
                Node.builder("Flatten").name("f2").inputs("b").outputs("y").attr("axis", Attribute.ofInt(0)).build()),
                List.of(new ValueInfo("x", TensorType.of(DType.FLOAT, 1, 2))),
                List.of(new ValueInfo("y", TensorType.UNKNOWN)), Map.of(), Map.of());
        Graph out = new RemoveNoopReshapes().apply(new InferTypes().apply(g));
        assertEquals(List.of("Neg", "Flatten"), out.nodes().stream().map(Node::opType).toList());
        assertEquals("x", out.nodes().get(0).input(0));
    }

    @Test
    void perChannelScaleAndShiftAreFoldedIntoTheConv() {
        float[] w = {1f, -2f, 0.5f, 3f};
        Graph g = new Graph("g", List.of(
                Node.builder("Conv").name("conv").inputs("x", "w").outputs("c").build(),
                Node.builder("Mul").name("scale").inputs("c", "k").outputs("m").build(),
                Node.builder("Add").name("shift").inputs("d", "m").outputs("y").build(),
                Node.builder("Div").name("notfolded").inputs("y", "v").outputs("z").build()),
                List.of(new ValueInfo("x", TensorType.of(DType.FLOAT, 1, 2, 2, 2))),
                List.of(new ValueInfo("z", TensorType.UNKNOWN)),
                Map.of("w", Tensor.ofFloats(new int[] {2, 2, 1, 1}, w), "k", Tensor.ofFloats(new int[] {1, 2, 1, 1}, 2f, -3f),
                        "d", Tensor.ofFloats(new int[] {2, 1, 1}, 0.5f, 1f),
                        "v", Tensor.ofFloats(new int[] {2}, 4f, 8f)), Map.of());
        Graph folded = new FoldAffineIntoConv().apply(new InferTypes().apply(g));
        // the Div's constant varies along W (shape [2] aligns with the last axis), so it stays
        assertEquals(List.of("Conv", "Div"), folded.nodes().stream().map(Node::opType).toList());
        assertEquals("y", folded.nodes().get(0).output(0));
        Map<String, Tensor> in = Map.of("x", Tensor.ofFloats(new int[] {1, 2, 2, 2}, 1, 2, 3, 4, -1, -2, 5, 0.5f));
        Similarity s = Similarity.of(run(folded, in).get("z"), run(g, in).get("z"));
        assertTrue(s.maxAbsDiff() < 1e-5, s.toString());
    }
}
