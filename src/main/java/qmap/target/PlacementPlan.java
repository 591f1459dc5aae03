package qmap.target;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The placement of every node of a graph on one target: per-node unit and reason, the NPU
 * subgraphs, the CPU/NPU boundaries between nodes and the conversions at model inputs/outputs.
 */
public record PlacementPlan(String march, List<NodePlacement> nodes, List<Subgraph> subgraphs,
                            List<Boundary> boundaries, List<Boundary> modelEdges) {
    public PlacementPlan {
        nodes = List.copyOf(nodes);
        subgraphs = List.copyOf(subgraphs);
        boundaries = List.copyOf(boundaries);
        modelEdges = List.copyOf(modelEdges);
    }

    public NodePlacement node(String name) {
        for (NodePlacement p : nodes) {
            if (p.name().equals(name)) {
                return p;
            }
        }
        throw new IllegalArgumentException("no node named '" + name + "' in the plan");
    }

    public Unit unitOf(String name) {
        return node(name).unit();
    }

    /** Node name to unit, in node order. */
    public Map<String, Unit> units() {
        Map<String, Unit> m = new LinkedHashMap<>();
        for (NodePlacement p : nodes) {
            m.put(p.name(), p.unit());
        }
        return m;
    }

    public List<NodePlacement> cpuNodes() {
        return nodes.stream().filter(p -> p.unit() == Unit.CPU).toList();
    }
}
