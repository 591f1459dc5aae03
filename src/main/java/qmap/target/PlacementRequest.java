package qmap.target;

import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/** What the config asks of placement: run_on_cpu, run_on_bpu (run_on_npu) and node_info, by node name. */
public record PlacementRequest(Set<String> runOnCpu, Set<String> runOnNpu, Map<String, NodeInfo> nodeInfo) {
    public static final PlacementRequest NONE = new PlacementRequest(Set.of(), Set.of(), Map.of());

    public PlacementRequest {
        runOnCpu = java.util.Collections.unmodifiableSet(new LinkedHashSet<>(runOnCpu));
        runOnNpu = java.util.Collections.unmodifiableSet(new LinkedHashSet<>(runOnNpu));
        nodeInfo = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(nodeInfo));
    }

    public static PlacementRequest cpu(String... nodes) {
        return new PlacementRequest(Set.of(nodes), Set.of(), Map.of());
    }

    public static PlacementRequest npu(String... nodes) {
        return new PlacementRequest(Set.of(), Set.of(nodes), Map.of());
    }

    /** True when the config forces the node to the CPU (run_on_cpu or node_info ON: CPU). */
    boolean forcesCpu(String node) {
        NodeInfo info = nodeInfo.get(node);
        return runOnCpu.contains(node) || (info != null && info.on() == Unit.CPU);
    }

    /** True when the config forces the node to the NPU (run_on_bpu or node_info ON: BPU). */
    boolean forcesNpu(String node) {
        NodeInfo info = nodeInfo.get(node);
        return runOnNpu.contains(node) || (info != null && info.on() == Unit.NPU);
    }

    /** The config key that put the node where it is, for reasons and errors. */
    String keyFor(String node, Unit unit) {
        if (unit == Unit.CPU && runOnCpu.contains(node)) {
            return "run_on_cpu";
        }
        if (unit == Unit.NPU && runOnNpu.contains(node)) {
            return "run_on_npu";
        }
        return "node_info ON";
    }
}
