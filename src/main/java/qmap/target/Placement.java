package qmap.target;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import qmap.QmapException;
import qmap.ir.Graph;
import qmap.ir.Node;

/**
 * Assigns every node of a graph (with inferred value types) to the NPU, the CPU, or nowhere
 * (folded), from the profile's op rules and the config's overrides, each with a reason that
 * carries the numbers. Requests the target cannot honour are user errors.
 */
public final class Placement {
    private final Graph graph;
    private final TargetProfile profile;
    private final PlacementRequest request;

    private Placement(Graph graph, TargetProfile profile, PlacementRequest request) {
        this.graph = graph;
        this.profile = profile;
        this.request = request;
    }

    public static PlacementPlan plan(Graph graph, TargetProfile profile, PlacementRequest request) {
        PlacementRequestCheck.validate(graph, profile, request);
        return new Placement(graph, profile, request).run();
    }

    public static PlacementPlan plan(Graph graph, TargetProfile profile) {
        return plan(graph, profile, PlacementRequest.NONE);
    }

    private PlacementPlan run() {
        Map<String, Unit> units = new LinkedHashMap<>();
        Map<String, String> reasons = new LinkedHashMap<>();
        for (Node n : graph.nodes()) {
            Decision d = decide(n);
            units.put(n.name(), d.unit);
            reasons.put(n.name(), d.reason);
        }
        SubgraphPartition.Result parts = SubgraphPartition.of(graph, units);
        List<NodePlacement> out = new ArrayList<>();
        for (Node n : graph.nodes()) {
            Unit u = units.get(n.name());
            out.add(new NodePlacement(n.name(), n.opType(), u, reasons.get(n.name()),
                    parts.subgraphOf().getOrDefault(n.name(), -1), dtype(n, u, true), dtype(n, u, false)));
        }
        return new PlacementPlan(profile.name(), out, parts.subgraphs(), parts.boundaries(), parts.modelEdges());
    }

    private record Decision(Unit unit, String reason) {
    }

    private Decision decide(Node n) {
        OpRule rule = profile.rule(n.opType());
        String p = profile.name();
        String npu = profile.npuName();
        if (request.forcesCpu(n.name())) {
            return new Decision(Unit.CPU, request.keyFor(n.name(), Unit.CPU) + " in config");
        }
        boolean forcedNpu = request.forcesNpu(n.name());
        String forcedKey = request.keyFor(n.name(), Unit.NPU);
        switch (rule.unit()) {
            case FOLDED -> {
                return new Decision(Unit.FOLDED, n.opType() + " is removed by constant folding or fusion on " + p);
            }
            case CPU -> {
                String why = profile.lists(n.opType())
                        ? n.opType() + " is not supported on " + p + " " + npu + " (CPU only)"
                        : n.opType() + " is not in the " + p + " op list (CPU)";
                if (forcedNpu) {
                    throw new QmapException(forcedKey + ": node '" + n.name() + "' cannot run on the " + npu + ": "
                            + why);
                }
                return new Decision(Unit.CPU, why);
            }
            default -> {
                List<String> misses = rule.violations(new NodeFacts(graph, n));
                String ruleName = profile.lists(n.opType()) ? p + " " + n.opType() + " rule" : p + " default rule";
                if (!misses.isEmpty()) {
                    String why = n.name() + ": " + String.join("; ", misses) + " (" + ruleName + ")";
                    if (forcedNpu) {
                        throw new QmapException(forcedKey + ": node '" + n.name() + "' cannot run on the " + npu
                                + ": " + why);
                    }
                    return new Decision(Unit.CPU, why);
                }
                if (forcedNpu) {
                    return new Decision(Unit.NPU, forcedKey + " in config; meets the " + ruleName);
                }
                if (rule.optIn()) {
                    return new Decision(Unit.CPU, n.opType() + " runs on the CPU by default on " + p
                            + " (run_on_npu moves it to the " + npu + " when its rule holds)");
                }
                return new Decision(Unit.NPU, rule.constraints().isEmpty()
                        ? p + " " + npu + " runs " + n.opType() + " with no limit"
                        : "meets the " + ruleName);
            }
        }
    }

    private String dtype(Node n, Unit u, boolean input) {
        if (u == Unit.FOLDED) {
            return "-";
        }
        if (u == Unit.CPU) {
            return "float32";
        }
        NodeInfo info = request.nodeInfo().get(n.name());
        String t = info == null ? null : input ? info.inputType() : info.outputType();
        return t == null ? profile.activationDtypes().get(0) : t;
    }
}
