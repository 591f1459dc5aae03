package qmap.build;

import java.util.HashMap;
import java.util.Map;
import java.util.function.Function;
import qmap.config.Config;
import qmap.config.NodeInfo;
import qmap.config.Precision;
import qmap.ir.DType;
import qmap.ir.Graph;
import qmap.ir.Node;

/**
 * The activation type of every tensor: int8, or int16 where node_info asks for it (OutputType
 * for a node's outputs, InputType / InputType&lt;k&gt; for its inputs). Placement has already
 * refused int16 on a target that has none.
 */
public final class ActivationTypes {
    private ActivationTypes() {
    }

    public static Function<String, DType> of(Config cfg, Graph g) {
        Map<String, DType> types = new HashMap<>();
        for (Node n : g.nodes()) {
            NodeInfo info = cfg.model().nodeInfo().get(n.name());
            if (info == null) {
                continue;
            }
            if (info.outputType().orElse(null) == Precision.INT16) {
                n.outputs().forEach(o -> types.put(o, DType.INT16));
            }
            for (int k = 0; k < n.inputs().size(); k++) {
                if (info.inputType(k).orElse(null) == Precision.INT16) {
                    types.put(n.input(k), DType.INT16);
                }
            }
        }
        return t -> types.getOrDefault(t, DType.INT8);
    }
}
