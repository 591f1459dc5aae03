package qmap.passes;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import qmap.ir.Graph;
import qmap.ir.Node;
import qmap.ir.TensorType;
import qmap.ir.ValueInfo;

/**
 * Removes Reshape, Flatten, Squeeze and Unsqueeze nodes whose static output shape equals their
 * input's (e.g. what remains of a pre-opset-13 Softmax once shapes are known). Needs inferred
 * types; graph output names are kept.
 */
public final class RemoveNoopReshapes implements Pass {
    private static final Set<String> RESHAPES = Set.of("Reshape", "Flatten", "Squeeze", "Unsqueeze");

    @Override
    public String name() {
        return "remove-noop-reshapes";
    }

    @Override
    public Graph apply(Graph g) {
        Set<String> outputs = new HashSet<>();
        for (ValueInfo o : g.outputs()) {
            outputs.add(o.name());
        }
        Map<String, String> replace = new HashMap<>();
        List<Node> kept = new ArrayList<>();
        for (Node n : g.nodes()) {
            if (RESHAPES.contains(n.opType()) && n.domain().isEmpty() && !outputs.contains(n.output(0))) {
                TensorType in = g.typeOf(n.input(0));
                TensorType out = g.typeOf(n.output(0));
                if (in.isStatic() && out.isStatic() && java.util.Arrays.equals(in.dims(), out.dims())) {
                    replace.put(n.output(0), replace.getOrDefault(n.input(0), n.input(0)));
                    continue;
                }
            }
            List<String> ins = new ArrayList<>();
            for (String i : n.inputs()) {
                ins.add(replace.getOrDefault(i, i));
            }
            kept.add(n.toBuilder().inputs(ins).build());
        }
        return replace.isEmpty() ? g : g.withNodes(kept);
    }
}
