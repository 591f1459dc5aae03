package qmap.build;

import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import qmap.config.Config;
import qmap.target.NodeInfo;
import qmap.target.PlacementRequest;
import qmap.target.Unit;

/** The config's run_on_cpu / run_on_npu / node_info as a placement request. */
public final class PlacementRequests {
    private PlacementRequests() {
    }

    public static PlacementRequest of(Config cfg) {
        Map<String, NodeInfo> info = new LinkedHashMap<>();
        cfg.model().nodeInfo().forEach((node, ni) -> {
            Map<Integer, String> at = new LinkedHashMap<>();
            ni.inputTypes().forEach((k, v) -> at.put(k, v.toString()));
            info.put(node, new NodeInfo(ni.on().map(p -> Unit.parse(p.toString(), "node_info." + node)).orElse(null),
                    ni.inputType().map(Object::toString).orElse(null), at,
                    ni.outputType().map(Object::toString).orElse(null)));
        });
        return new PlacementRequest(new LinkedHashSet<>(cfg.calibration().runOnCpu()),
                new LinkedHashSet<>(cfg.calibration().runOnNpu()), info);
    }
}
