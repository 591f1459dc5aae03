package qmap.passes;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import qmap.ir.Graph;
import qmap.ir.Node;
import qmap.ir.Tensor;
import qmap.ir.ValueInfo;

/** Drops nodes none of whose outputs reach a graph output, and constants nothing reads. */
public final class RemoveDeadNodes implements Pass {
    @Override
    public String name() {
        return "remove-dead-nodes";
    }

    @Override
    public Graph apply(Graph g) {
        Set<String> needed = new HashSet<>();
        for (ValueInfo o : g.outputs()) {
            needed.add(o.name());
        }
        List<Node> nodes = g.nodes();
        boolean[] live = new boolean[nodes.size()];
        for (int i = nodes.size() - 1; i >= 0; i--) {
            Node n = nodes.get(i);
            for (String out : n.outputs()) {
                if (needed.contains(out)) {
                    live[i] = true;
                    break;
                }
            }
            if (live[i]) {
                for (String in : n.inputs()) {
                    if (!in.isEmpty()) {
                        needed.add(in);
                    }
                }
            }
        }
        List<Node> kept = new ArrayList<>();
        for (int i = 0; i < nodes.size(); i++) {
            if (live[i]) {
                kept.add(nodes.get(i));
            }
        }
        Map<String, Tensor> constants = new LinkedHashMap<>();
        for (Map.Entry<String, Tensor> e : g.constants().entrySet()) {
            if (needed.contains(e.getKey())) {
                constants.put(e.getKey(), e.getValue());
            }
        }
        return g.withNodes(kept).withConstants(constants);
    }
}
