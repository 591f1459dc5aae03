package qmap.target;

import java.util.List;

/**
 * The estimated latency of a placed graph on one target, per node, subgraph and boundary, in
 * total ({@code totalMs = npuMs + cpuMs + boundaryMs + modelEdgeMs}, nodes run one after
 * another) and per CPU node. {@code note} says it is an estimate and from what.
 */
public record CostReport(String march, List<NodeCost> nodes, List<SubgraphCost> subgraphs,
                         List<BoundaryCost> boundaries, List<BoundaryCost> modelEdges, double npuMs, double cpuMs,
                         double boundaryMs, double modelEdgeMs, double totalMs, List<CpuPlacementCost> cpuPlacements,
                         String note) {
    public NodeCost node(String name) {
        return nodes.stream().filter(n -> n.name().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no node named '" + name + "' in the report"));
    }
}
