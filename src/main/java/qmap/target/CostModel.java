package qmap.target;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import qmap.ir.Graph;
import qmap.ir.Node;

/**
 * Static latency estimate of a placed graph (qmap perf), with the profile's constants:
 * <pre>
 *   NPU node  = max(MACs / (MAC rate * efficiency(op class) [* int16 throughput]), bytes / bandwidth)
 *   CPU node  = FLOPs / CPU rate + per-op overhead
 *   boundary  = switch cost + elements * (de)quantize time per element
 *   Relu/Clip/LeakyRelu right after an NPU Conv/ConvTranspose/Gemm/MatMul that feeds only it = 0
 *               (fused into the producer's requantization, as NPU compilers do; an assumption)
 *   total     = sum of nodes + boundaries + model-edge conversions (no overlap assumed)
 * </pre>
 * It is an estimate, not a measurement, and the report says so.
 */
public final class CostModel {
    private final Graph graph;
    private final PlacementPlan plan;
    private final TargetProfile profile;
    private final CostConstants k;
    private final Map<String, Node> producers;
    private final Map<String, List<Node>> consumers;
    private static final Set<String> FUSABLE_ACTIVATIONS = Set.of("Relu", "Clip", "LeakyRelu");
    private static final Set<String> MAC_OPS = Set.of("Conv", "ConvTranspose", "Gemm", "MatMul");

    private CostModel(Graph graph, PlacementPlan plan, TargetProfile profile) {
        this.graph = graph;
        this.plan = plan;
        this.profile = profile;
        this.k = profile.cost();
        this.producers = graph.producers();
        this.consumers = graph.consumers();
    }

    public static CostReport estimate(Graph graph, PlacementPlan plan, TargetProfile profile) {
        return new CostModel(graph, plan, profile).run();
    }

    private CostReport run() {
        List<NodeCost> nodes = new ArrayList<>();
        Map<String, NodeCost> byName = new HashMap<>();
        double npu = 0;
        double cpu = 0;
        for (Node n : graph.nodes()) {
            NodePlacement p = plan.node(n.name());
            NodeCost c = nodeCost(n, p.unit(), activationBytes(p));
            if (p.unit() == Unit.NPU && fusedIntoProducer(n)) {
                c = new NodeCost(c.name(), c.op(), c.unit(), 0, c.npuMs(), c.cpuMs(), c.macs(), c.flops(), c.bytes(),
                        c.opClass(), c.shapesKnown());
            }
            nodes.add(c);
            byName.put(n.name(), c);
            npu += p.unit() == Unit.NPU ? c.ms() : 0;
            cpu += p.unit() == Unit.CPU ? c.ms() : 0;
        }
        List<BoundaryCost> boundaries = priced(plan.boundaries());
        List<BoundaryCost> edges = priced(plan.modelEdges());
        double boundaryMs = sum(boundaries);
        double edgeMs = sum(edges);
        return new CostReport(profile.name(), nodes, subgraphCosts(byName), boundaries, edges, npu, cpu, boundaryMs,
                edgeMs, npu + cpu + boundaryMs + edgeMs, cpuPlacements(byName, boundaryMs), note());
    }

    private NodeCost nodeCost(Node n, Unit unit, int actBytes) {
        Work w = OpWork.of(graph, n, actBytes);
        double rate = k.npuMacsPerSecond().value() * k.efficiency(w.opClass());
        if (actBytes > 1 && k.npuInt16Throughput() != null) {
            rate *= k.npuInt16Throughput().value();
        }
        double computeS = w.macs() == 0 ? 0 : w.macs() / rate;
        double npuMs = 1e3 * Math.max(computeS, w.bytes() / k.npuBytesPerSecond().value());
        double cpuMs = 1e3 * w.flops() / k.cpuFlopsPerSecond().value() + k.cpuOpOverheadMs().value();
        double ms = switch (unit) {
            case NPU -> npuMs;
            case CPU -> cpuMs;
            case FOLDED -> 0;
        };
        return new NodeCost(n.name(), n.opType(), unit, ms, npuMs, cpuMs, w.macs(), w.flops(), w.bytes(),
                w.opClass(), w.shapesKnown());
    }

    private boolean fusedIntoProducer(Node n) {
        if (!FUSABLE_ACTIVATIONS.contains(n.opType())) {
            return false;
        }
        Node producer = producers.get(n.input(0));
        return producer != null && MAC_OPS.contains(producer.opType())
                && plan.unitOf(producer.name()) == Unit.NPU
                && consumers.getOrDefault(n.input(0), List.of()).size() == 1
                && !graph.outputs().stream().anyMatch(o -> o.name().equals(n.input(0)));
    }

    private static int activationBytes(NodePlacement p) {
        return "int16".equals(p.inputType()) || "int16".equals(p.outputType()) ? 2 : 1;
    }

    /** Switch cost plus (de)quantization of every element; the switch alone when the size is unknown. */
    double boundaryMs(Boundary b) {
        return k.boundarySwitchMs().value() + Math.max(0, b.elements()) * k.boundaryNsPerElement().value() * 1e-6;
    }

    private List<BoundaryCost> priced(List<Boundary> bs) {
        List<BoundaryCost> out = new ArrayList<>();
        for (Boundary b : bs) {
            out.add(new BoundaryCost(b, boundaryMs(b)));
        }
        return out;
    }

    private static double sum(List<BoundaryCost> bs) {
        double s = 0;
        for (BoundaryCost b : bs) {
            s += b.ms();
        }
        return s;
    }

    private List<SubgraphCost> subgraphCosts(Map<String, NodeCost> byName) {
        List<SubgraphCost> out = new ArrayList<>();
        for (Subgraph s : plan.subgraphs()) {
            double ms = 0;
            long macs = 0;
            long bytes = 0;
            for (String n : s.nodes()) {
                NodeCost c = byName.get(n);
                ms += c.ms();
                macs += c.macs();
                bytes += c.bytes();
            }
            out.add(new SubgraphCost(s.index(), s.nodes().size(), ms, macs, bytes));
        }
        return out;
    }

    /** For each CPU node: the total with it on the CPU minus the total with it (int8) on the NPU. */
    private List<CpuPlacementCost> cpuPlacements(Map<String, NodeCost> byName, double boundaryMs) {
        List<CpuPlacementCost> out = new ArrayList<>();
        Map<String, Unit> units = plan.units();
        for (NodePlacement p : plan.cpuNodes()) {
            Map<String, Unit> flipped = new LinkedHashMap<>(units);
            flipped.put(p.name(), Unit.NPU);
            SubgraphPartition.Result alt = SubgraphPartition.of(graph, flipped);
            double altBoundary = 0;
            for (Boundary b : alt.boundaries()) {
                altBoundary += boundaryMs(b);
            }
            for (Boundary b : alt.modelEdges()) {
                altBoundary += boundaryMs(b);
            }
            double current = boundaryMs + sum(priced(plan.modelEdges()));
            NodeCost c = byName.get(p.name());
            Node node = graph.node(p.name());
            double npuMs = fusedIntoProducer(node) ? 0 : nodeCost(node, Unit.NPU, 1).npuMs();
            double caused = current - altBoundary;
            out.add(new CpuPlacementCost(p.name(), p.op(), c.cpuMs(), npuMs, caused, c.cpuMs() + caused - npuMs,
                    npuCapable(graph.node(p.name()))));
        }
        return out;
    }

    private boolean npuCapable(Node n) {
        OpRule rule = profile.rule(n.opType());
        return rule.unit() == Unit.NPU && rule.violations(new NodeFacts(graph, n)).isEmpty();
    }

    private String note() {
        return "Estimate, not a measurement: static cost model with the " + profile.name()
                + " profile's constants (their sources are in the profile; most are estimates). Nodes are assumed"
                + " to run one after another; " + k.note();
    }
}
