package qmap.target;

import java.util.Map;
import java.util.Set;
import qmap.QmapException;
import qmap.config.ClosestName;
import qmap.ir.Graph;
import qmap.ir.Node;

/** Rejects placement requests that name no node, contradict each other, or ask for a type the target lacks. */
final class PlacementRequestCheck {
    private PlacementRequestCheck() {
    }

    static void validate(Graph g, TargetProfile profile, PlacementRequest r) {
        requireNodes(g, "run_on_cpu", r.runOnCpu());
        requireNodes(g, "run_on_npu", r.runOnNpu());
        requireNodes(g, "node_info", r.nodeInfo().keySet());
        for (String n : r.runOnCpu()) {
            if (r.forcesNpu(n)) {
                throw new QmapException("node '" + n + "' is in run_on_cpu and also asked to run on the "
                        + profile.npuName() + " (" + r.keyFor(n, Unit.NPU) + ")");
            }
        }
        for (Map.Entry<String, NodeInfo> e : r.nodeInfo().entrySet()) {
            NodeInfo info = e.getValue();
            if (r.runOnNpu().contains(e.getKey()) && info.on() == Unit.CPU) {
                throw new QmapException("node '" + e.getKey() + "' is in run_on_npu but node_info says ON: CPU");
            }
            checkType(profile, e.getKey(), "InputType", info.inputType());
            for (Map.Entry<Integer, String> t : info.inputTypeAt().entrySet()) {
                checkType(profile, e.getKey(), "InputType" + t.getKey(), t.getValue());
            }
            checkType(profile, e.getKey(), "OutputType", info.outputType());
        }
    }

    private static void checkType(TargetProfile profile, String node, String key, String dtype) {
        if (dtype == null) {
            return;
        }
        if (!dtype.equals("int8") && !dtype.equals("int16")) {
            throw new QmapException("node_info: node '" + node + "' " + key + ": '" + dtype
                    + "' is not an activation type (expected int8 or int16)");
        }
        if (!profile.allowsActivation(dtype)) {
            throw new QmapException("node_info: node '" + node + "' " + key + ": " + dtype + " is not supported on "
                    + profile.name() + " (activation types: " + String.join(", ", profile.activationDtypes()) + ")");
        }
    }

    private static void requireNodes(Graph g, String key, Set<String> names) {
        for (String name : names) {
            if (g.node(name) == null) {
                throw new QmapException(key + ": no node named '" + name + "' in the model" + suggestion(g, name));
            }
        }
    }

    private static String suggestion(Graph g, String name) {
        return ClosestName.among(name, g.nodes().stream().map(Node::name).toList())
                .map(best -> " (did you mean '" + best + "'?)").orElse("");
    }
}
