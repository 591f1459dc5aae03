package qmap.build;

import java.util.HashMap;
import java.util.Map;
import qmap.ir.Graph;
import qmap.ir.TensorType;
import qmap.passes.CutAtValues;
import qmap.passes.FoldConstants;
import qmap.passes.RemoveDeadNodes;

/** Views of the built graph that start at inner values (calibration entries, preprocessed inputs). */
final class GraphViews {
    private GraphViews() {
    }

    /** {@link #after}, with the fake quantization of constant weights computed once. */
    static Graph executable(Graph g, Map<String, String> entries) {
        return new RemoveDeadNodes().apply(FoldConstants.forExecution().apply(after(g, entries)));
    }

    /** The graph downstream of {@code entries} (graph input name -> value), with the values' known types. */
    static Graph after(Graph g, Map<String, String> entries) {
        Map<String, TensorType> types = new HashMap<>();
        for (String v : entries.values()) {
            types.put(v, g.typeOf(v));
        }
        return CutAtValues.apply(g, entries, types);
    }
}
