package qmap.passes;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import qmap.ir.Graph;
import qmap.ir.Node;
import qmap.ir.TensorType;
import qmap.ir.ValueInfo;

/**
 * The part of a graph downstream of some of its values: those values become the graph inputs,
 * replacing the inputs they derive from, and the nodes that computed them are dropped. Used to
 * feed calibration samples in the training format, after the folded layout/colour conversion.
 */
public final class CutAtValues {
    private CutAtValues() {
    }

    /** {@code entries}: for each replaced graph input, the value that becomes an input, with its type. */
    public static Graph apply(Graph g, Map<String, String> entries, Map<String, TensorType> entryTypes) {
        Set<String> available = new HashSet<>(g.constants().keySet());
        List<ValueInfo> inputs = new ArrayList<>();
        for (ValueInfo in : g.inputs()) {
            String entry = entries.getOrDefault(in.name(), in.name());
            inputs.add(entry.equals(in.name()) ? in : new ValueInfo(entry, entryTypes.get(entry)));
            available.add(entry);
        }
        List<Node> kept = new ArrayList<>();
        for (Node n : g.nodes()) {
            boolean producesEntry = n.outputs().stream().anyMatch(o -> entries.containsValue(o) && available.contains(o));
            boolean ready = n.inputs().stream().allMatch(i -> i.isEmpty() || available.contains(i));
            if (producesEntry || !ready) {
                continue;
            }
            kept.add(n);
            available.addAll(n.outputs());
        }
        return new Graph(g.name(), kept, inputs, g.outputs(), g.constants(), g.valueTypes());
    }
}
