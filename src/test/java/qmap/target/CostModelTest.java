package qmap.target;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static qmap.target.GraphBuilder.dims;
import static qmap.target.GraphBuilder.ints;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import qmap.ir.Attribute;
import qmap.ir.Graph;

class CostModelTest {
    private static final TargetProfile BERNOULLI2 = TargetProfile.named("bernoulli2");

    /** Conv(1x16x32x32 -> 32, 3x3, pad 1) -> Abs -> Conv(32 -> 32, 3x3, pad 1). */
    private static Graph convAbsConv() {
        return new GraphBuilder().input("x", 1, 16, 32, 32).constant("w1", 32, 16, 3, 3).constant("w2", 32, 32, 3, 3)
                .node("Conv", "a", List.of("x", "w1"), "t1", dims(1, 32, 32, 32), "pads", ints(1, 1, 1, 1))
                .node("Abs", "b", List.of("t1"), "t2", dims(1, 32, 32, 32))
                .node("Conv", "c", List.of("t2", "w2"), "y", dims(1, 32, 32, 32), "pads", ints(1, 1, 1, 1))
                .output("y").build();
    }

    @Test
    void convMacsAndBytesAreCountedFromTheIr() {
        Graph g = convAbsConv();
        CostReport r = CostModel.estimate(g, Placement.plan(g, BERNOULLI2), BERNOULLI2);
        NodeCost a = r.node("a");
        assertEquals(32L * 16 * 9 * 32 * 32, a.macs());
        assertEquals(2 * a.macs(), a.flops());
        // int8 input + int8 weights + int8 output
        assertEquals(16 * 32 * 32 + 32 * 16 * 9 + 32 * 32 * 32, a.bytes());
        CostConstants k = BERNOULLI2.cost();
        double compute = a.macs() / (k.npuMacsPerSecond().value() * k.efficiency(OpClass.CONV));
        double memory = a.bytes() / k.npuBytesPerSecond().value();
        assertEquals(1e3 * Math.max(compute, memory), a.npuMs(), 1e-12);
        assertEquals(Unit.NPU, a.unit());
    }

    @Test
    void movingANodeToCpuAddsItsCpuTimeAndTwoBoundariesMinusItsNpuTime() {
        Graph g = convAbsConv();
        TargetProfile bayes = TargetProfile.named("bayes"); // Abs is a BPU op on bayes
        CostReport onNpu = CostModel.estimate(g, Placement.plan(g, bayes), bayes);
        PlacementPlan cpuPlan = Placement.plan(g, bayes, PlacementRequest.cpu("b"));
        CostReport onCpu = CostModel.estimate(g, cpuPlan, bayes);
        CostConstants k = bayes.cost();
        long elements = 32 * 32 * 32;
        double boundaries = 2 * (k.boundarySwitchMs().value() + elements * k.boundaryNsPerElement().value() * 1e-6);
        NodeCost b = onCpu.node("b");
        double cpuMs = 1e3 * b.flops() / k.cpuFlopsPerSecond().value() + k.cpuOpOverheadMs().value();
        assertEquals(cpuMs, b.ms(), 1e-12);
        double expected = cpuMs + boundaries - onNpu.node("b").npuMs();
        assertEquals(expected, onCpu.totalMs() - onNpu.totalMs(), 1e-9);
        assertEquals(2, onCpu.subgraphs().size());
        assertEquals(boundaries, onCpu.boundaryMs(), 1e-12);

        CpuPlacementCost what = onCpu.cpuPlacements().get(0);
        assertEquals("b", what.node());
        assertTrue(what.npuCapable());
        assertEquals(expected, what.deltaMs(), 1e-9);
        assertEquals(boundaries, what.boundaryMs(), 1e-9);
    }

    @Test
    void reluAfterConvIsFusedIntoIt() {
        Graph g = new GraphBuilder().input("x", 1, 16, 32, 32).constant("w", 32, 16, 3, 3)
                .node("Conv", "a", List.of("x", "w"), "t", dims(1, 32, 32, 32), "pads", ints(1, 1, 1, 1))
                .node("Relu", "r", List.of("t"), "y", dims(1, 32, 32, 32)).output("y").build();
        CostReport r = CostModel.estimate(g, Placement.plan(g, BERNOULLI2), BERNOULLI2);
        assertEquals(0, r.node("r").ms());
        assertTrue(r.node("r").npuMs() > 0);
    }

    /**
     * The one documented anchor: MobileNetV1 224x224 on X3, BPU subgraph 3.43 ms. The estimate must
     * land within a factor of 1.25 of it (the efficiencies in bernoulli2.yaml were tuned to it).
     */
    @Test
    void mobileNetV1EstimateIsNearTheDocumentedX3Anchor() {
        Graph g = mobileNetV1();
        PlacementPlan plan = Placement.plan(g, BERNOULLI2);
        assertEquals(1, plan.subgraphs().size());
        CostReport r = CostModel.estimate(g, plan, BERNOULLI2);
        double ms = r.subgraphs().get(0).ms();
        long convMacs = r.subgraphs().get(0).macs() - otherOps(r);
        assertTrue(convMacs > 565e6 && convMacs < 575e6, "MobileNetV1 has about 569 M MACs, counted " + convMacs);
        assertTrue(ms > 3.43 / 1.25 && ms < 3.43 * 1.25, "MobileNetV1 BPU estimate " + ms + " ms");
    }

    private static long otherOps(CostReport r) {
        long ops = 0;
        for (NodeCost c : r.nodes()) {
            if (!c.op().equals("Conv")) {
                ops += c.macs();
            }
        }
        return ops;
    }

    private static Graph mobileNetV1() {
        GraphBuilder b = new GraphBuilder().input("x", 1, 3, 224, 224);
        int[][] layers = {{32, 64, 1}, {64, 128, 2}, {128, 128, 1}, {128, 256, 2}, {256, 256, 1}, {256, 512, 2},
            {512, 512, 1}, {512, 512, 1}, {512, 512, 1}, {512, 512, 1}, {512, 512, 1}, {512, 1024, 2},
            {1024, 1024, 1}};
        List<String> names = new ArrayList<>();
        String v = conv(b, "x", 3, 32, 224, 3, 2, 1, names);
        int hw = 112;
        for (int[] l : layers) {
            v = conv(b, v, l[0], l[0], hw, 3, l[2], l[0], names);
            hw /= l[2];
            v = conv(b, v, l[0], l[1], hw, 1, 1, 1, names);
        }
        b.node("GlobalAveragePool", "gap", List.of(v), "pooled", dims(1, 1024, 1, 1));
        b.constant("fc_w", 1000, 1024, 1, 1);
        b.node("Conv", "fc", List.of("pooled", "fc_w"), "logits", dims(1, 1000, 1, 1));
        return b.output("logits").build();
    }

    /** Conv (+ Relu) on a square input; returns the Relu output. */
    private static String conv(GraphBuilder b, String in, int c, int m, int hw, int k, int s, int group,
                               List<String> names) {
        String name = "conv" + names.size();
        names.add(name);
        int out = (hw + 2 * (k / 2) - k) / s + 1;
        b.constant(name + "_w", m, c / group, k, k);
        b.node("Conv", name, List.of(in, name + "_w"), name + "_out", dims(1, m, out, out),
                "strides", ints(s, s), "pads", ints(k / 2, k / 2, k / 2, k / 2), "group", Attribute.ofInt(group));
        b.node("Relu", name + "_relu", List.of(name + "_out"), name + "_act", dims(1, m, out, out));
        return name + "_act";
    }
}
