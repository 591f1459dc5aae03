package qmap.target;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static qmap.target.GraphBuilder.dims;
import static qmap.target.GraphBuilder.ints;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import qmap.QmapException;
import qmap.ir.Graph;

class PlacementTest {
    private static final TargetProfile BERNOULLI2 = TargetProfile.named("bernoulli2");
    private static final TargetProfile BAYES = TargetProfile.named("bayes");

    private static Graph single(String op, int... in) {
        return new GraphBuilder().input("x", in).node(op, op + "_0", List.of("x"), "y", in).output("y").build();
    }

    private static Graph gap(int... in) {
        return new GraphBuilder().input("x", in)
                .node("GlobalAveragePool", "GlobalAveragePool_30", List.of("x"), "y", dims(in[0], in[1], 1, 1))
                .output("y").build();
    }

    private static Graph conv(int k) {
        return new GraphBuilder().input("x", 1, 16, 32, 32).constant("w", 32, 16, k, k)
                .node("Conv", "Conv_1", List.of("x", "w"), "y", dims(1, 32, 32, 32), "kernel_shape", ints(k, k),
                        "pads", ints(k / 2, k / 2, k / 2, k / 2))
                .output("y").build();
    }

    /** Relu -> HardSigmoid -> Relu: NPU, CPU, NPU on bernoulli2. */
    private static Graph chain() {
        int[] d = dims(1, 8, 16, 16);
        return new GraphBuilder().input("x", d)
                .node("Relu", "a", List.of("x"), "t1", d)
                .node("HardSigmoid", "b", List.of("t1"), "t2", d)
                .node("Relu", "c", List.of("t2"), "y", d)
                .output("y").build();
    }

    @Test
    void hardSigmoidIsCpuOnBernoulli2AndNpuOnBayes() {
        NodePlacement b2 = Placement.plan(single("HardSigmoid", 1, 8, 16, 16), BERNOULLI2).node("HardSigmoid_0");
        assertEquals(Unit.CPU, b2.unit());
        assertEquals("HardSigmoid is not supported on bernoulli2 BPU (CPU only)", b2.reason());
        NodePlacement bayes = Placement.plan(single("HardSigmoid", 1, 8, 16, 16), BAYES).node("HardSigmoid_0");
        assertEquals(Unit.NPU, bayes.unit());
        assertEquals(0, bayes.subgraph());
    }

    @Test
    void largeGlobalAveragePoolGoesToCpuWithTheNumbers() {
        NodePlacement big = Placement.plan(gap(1, 35, 100, 100), BERNOULLI2).node("GlobalAveragePool_30");
        assertEquals(Unit.CPU, big.unit());
        assertEquals("GlobalAveragePool_30: input H*W = 10000 exceeds 8192 (bernoulli2 GlobalAveragePool rule)",
                big.reason());
        assertEquals(Unit.NPU, Placement.plan(gap(1, 35, 31, 31), BERNOULLI2).unitOf("GlobalAveragePool_30"));
        assertEquals(Unit.NPU, Placement.plan(gap(1, 35, 100, 100), BAYES).unitOf("GlobalAveragePool_30"));
    }

    @Test
    void unknownShapeFailsTheRuleAndSaysSo() {
        Graph g = new GraphBuilder().input("x", 1, 35, -1, -1)
                .node("GlobalAveragePool", "gap", List.of("x"), "y", dims(1, 35, 1, 1)).output("y").build();
        NodePlacement p = Placement.plan(g, BERNOULLI2).node("gap");
        assertEquals(Unit.CPU, p.unit());
        assertTrue(p.reason().contains("input H*W is unknown"), p.reason());
    }

    @Test
    void conv9x9GoesToCpuWithTheNumbers() {
        NodePlacement p = Placement.plan(conv(9), BERNOULLI2).node("Conv_1");
        assertEquals(Unit.CPU, p.unit());
        assertEquals("Conv_1: kernel H = 9 exceeds 7; kernel W = 9 exceeds 7 (bernoulli2 Conv rule)", p.reason());
        assertEquals(Unit.NPU, Placement.plan(conv(3), BERNOULLI2).unitOf("Conv_1"));
        assertEquals(Unit.NPU, Placement.plan(conv(9), BAYES).unitOf("Conv_1"));
    }

    @Test
    void dilatedConvNeedsPowerOfTwoDilation() {
        Graph g = new GraphBuilder().input("x", 1, 16, 32, 32).constant("w", 16, 16, 3, 3)
                .node("Conv", "c", List.of("x", "w"), "y", dims(1, 16, 26, 26), "dilations", ints(3, 3))
                .output("y").build();
        assertEquals("c: dilations are powers of 2: false (must be true; dilation H = 3; dilation W = 3)"
                + " (bernoulli2 Conv rule)", Placement.plan(g, BERNOULLI2).node("c").reason());
    }

    @Test
    void runOnCpuForcesCpu() {
        NodePlacement p = Placement.plan(conv(3), BERNOULLI2, PlacementRequest.cpu("Conv_1")).node("Conv_1");
        assertEquals(Unit.CPU, p.unit());
        assertEquals("run_on_cpu in config", p.reason());
        assertEquals(-1, p.subgraph());
    }

    @Test
    void unknownNodeNameIsAnError() {
        QmapException e = assertThrows(QmapException.class,
                () -> Placement.plan(conv(3), BERNOULLI2, PlacementRequest.cpu("Conv_2")));
        assertEquals("run_on_cpu: no node named 'Conv_2' in the model (did you mean 'Conv_1'?)", e.getMessage());
    }

    @Test
    void int16OnBernoulli2IsAnError() {
        PlacementRequest r = new PlacementRequest(Set.of(), Set.of(),
                Map.of("Conv_1", new NodeInfo(Unit.NPU, "int16", null, "int16")));
        QmapException e = assertThrows(QmapException.class, () -> Placement.plan(conv(3), BERNOULLI2, r));
        assertTrue(e.getMessage().contains("'Conv_1'") && e.getMessage().contains("int16 is not supported on "
                + "bernoulli2"), e.getMessage());
        NodePlacement p = Placement.plan(conv(3), BAYES, r).node("Conv_1");
        assertEquals("int16", p.inputType());
        assertEquals(Unit.NPU, p.unit());
    }

    @Test
    void runOnNpuForAnOpTheTargetCannotRunIsAnError() {
        QmapException e = assertThrows(QmapException.class,
                () -> Placement.plan(chain(), BERNOULLI2, PlacementRequest.npu("b")));
        assertTrue(e.getMessage().contains("'b'") && e.getMessage().contains("CPU only"), e.getMessage());
        QmapException big = assertThrows(QmapException.class,
                () -> Placement.plan(gap(1, 35, 100, 100), BERNOULLI2, PlacementRequest.npu("GlobalAveragePool_30")));
        assertTrue(big.getMessage().contains("10000 exceeds 8192"), big.getMessage());
    }

    @Test
    void softmaxIsCpuUnlessAskedAndItsRuleHolds() {
        Graph g = new GraphBuilder().input("x", 1, 10, 1, 1)
                .node("Softmax", "sm", List.of("x"), "y", dims(1, 10, 1, 1), "axis", qmap.ir.Attribute.ofInt(1))
                .output("y").build();
        NodePlacement byDefault = Placement.plan(g, BERNOULLI2).node("sm");
        assertEquals(Unit.CPU, byDefault.unit());
        assertTrue(byDefault.reason().contains("by default"), byDefault.reason());
        NodePlacement asked = Placement.plan(g, BERNOULLI2, PlacementRequest.npu("sm")).node("sm");
        assertEquals(Unit.NPU, asked.unit());
        assertEquals("run_on_npu in config; meets the bernoulli2 Softmax rule", asked.reason());
    }

    @Test
    void npuCpuNpuChainHasTwoSubgraphsAndTwoBoundaries() {
        PlacementPlan plan = Placement.plan(chain(), BERNOULLI2);
        assertEquals(List.of(Unit.NPU, Unit.CPU, Unit.NPU), List.copyOf(plan.units().values()));
        assertEquals(0, plan.node("a").subgraph());
        assertEquals(1, plan.node("c").subgraph());
        assertEquals(2, plan.subgraphs().size());
        assertEquals(2, plan.boundaries().size());
        assertEquals("t1", plan.boundaries().get(0).tensor());
        assertEquals("dequantize", plan.boundaries().get(0).direction());
        assertEquals("quantize", plan.boundaries().get(1).direction());
        assertEquals(2048, plan.boundaries().get(1).elements());
        assertEquals(2, plan.modelEdges().size());
    }

    @Test
    void npuNodesReachableThroughACpuNodeAreNotMerged() {
        // a -> b(CPU) -> c and a -> c: one component, but c must wait for b, so two subgraphs.
        int[] d = dims(1, 8, 4, 4);
        Graph g = new GraphBuilder().input("x", d)
                .node("Relu", "a", List.of("x"), "t1", d)
                .node("HardSigmoid", "b", List.of("t1"), "t2", d)
                .node("Add", "c", List.of("t1", "t2"), "y", d)
                .output("y").build();
        PlacementPlan plan = Placement.plan(g, BERNOULLI2);
        assertEquals(2, plan.subgraphs().size());
        assertEquals(1, plan.node("c").subgraph());
    }

    @Test
    void foldedNodesAreTransparent() {
        int[] d = dims(1, 8, 4, 4);
        Graph g = new GraphBuilder().input("x", d)
                .node("Relu", "a", List.of("x"), "t1", d)
                .node("Dropout", "drop", List.of("t1"), "t2", d)
                .node("Relu", "c", List.of("t2"), "y", d)
                .output("y").build();
        PlacementPlan plan = Placement.plan(g, BERNOULLI2);
        assertEquals(Unit.FOLDED, plan.unitOf("drop"));
        assertEquals(1, plan.subgraphs().size());
        assertEquals(List.of("a", "c"), plan.subgraphs().get(0).nodes());
        assertTrue(plan.boundaries().isEmpty());
    }
}
