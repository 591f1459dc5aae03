package qmap.build;

import java.util.ArrayList;
import java.util.List;
import qmap.ir.Graph;
import qmap.ir.Node;
import qmap.quant.ActivationQuant;
import qmap.quant.QuantPlan;
import qmap.target.NodePlacement;
import qmap.target.PlacementPlan;
import qmap.target.Unit;

/** The per-node rows: folded preprocessing first, then every placed node in graph order. */
final class NodeRows {
    private NodeRows() {
    }

    static List<NodeRow> of(Graph optimized, PreprocessFolding.Result pre, PlacementPlan placement, String npuName,
                            QuantPlan plan, NodeComparison.Result sim) {
        List<NodeRow> rows = new ArrayList<>();
        String npu = npuName;
        for (Node n : optimized.nodes()) {
            if (pre.preprocessNodes().contains(n.name())) {
                rows.add(new NodeRow(n.name(), n.opType(), npu, "input preprocessing folded into the model "
                        + "(HzPreprocess)", -1, "-", cos(sim, n), Double.NaN, Double.NaN, ""));
            }
        }
        for (NodePlacement p : placement.nodes()) {
            Node n = optimized.node(p.name());
            if (n == null) {
                continue;
            }
            String out = n.outputs().isEmpty() ? "" : n.output(0);
            ActivationQuant a = plan.activations().get(out);
            String on = p.unit() == Unit.NPU ? npu : p.unit() == Unit.CPU ? "CPU" : "-";
            String dtype = a != null ? a.dtype().onnxName() : p.unit() == Unit.NPU ? "int32" : "float";
            rows.add(new NodeRow(n.name(), n.opType(), on, p.reason(), p.subgraph(), dtype, cos(sim, n),
                    p.unit() == Unit.NPU ? sim.localCosine().getOrDefault(n.name(), Double.NaN) : Double.NaN,
                    a != null ? a.threshold() : Double.NaN, a != null ? a.method() : ""));
        }
        return rows;
    }

    private static double cos(NodeComparison.Result sim, Node n) {
        return n.outputs().isEmpty() ? Double.NaN : sim.cosine().getOrDefault(n.output(0), Double.NaN);
    }
}
