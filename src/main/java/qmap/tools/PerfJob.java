package qmap.tools;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import qmap.QmapException;
import qmap.build.PlacementRequests;
import qmap.build.PreparedModel;
import qmap.config.Config;
import qmap.io.Json;
import qmap.ir.Graph;
import qmap.ir.TensorType;
import qmap.onnx.OnnxReader;
import qmap.passes.CutAtValues;
import qmap.passes.InferTypes;
import qmap.passes.StripQdq;
import qmap.pkg.PackageReader;
import qmap.pkg.QmapPackage;
import qmap.target.BoundaryCost;
import qmap.target.CostModel;
import qmap.target.CostReport;
import qmap.target.CpuPlacementCost;
import qmap.target.NodeCost;
import qmap.target.Placement;
import qmap.target.PlacementPlan;
import qmap.target.PlacementRequest;
import qmap.target.SubgraphCost;
import qmap.target.TargetProfile;

/**
 * qmap perf (hb_perf): the profile's cost model over a placed model, per node, per subgraph and
 * in total, and what each CPU placement costs; from a build config or a .qmap package.
 */
public final class PerfJob {
    private PerfJob() {
    }

    public static CostReport ofConfig(Config config) {
        PreparedModel p = PreparedModel.of(config);
        TargetProfile profile = TargetProfile.named(p.config().march().toString());
        PlacementPlan plan = Placement.plan(p.placed(), profile, PlacementRequests.of(p.config()));
        return CostModel.estimate(p.placed(), plan, profile);
    }

    /** From a package: its quantized model without Q/DQ, its profile, and its recorded placement. */
    @SuppressWarnings("unchecked")
    public static CostReport ofPackage(Path file) {
        QmapPackage pkg = PackageReader.read(file);
        Graph g = OnnxReader.read(pkg.part(QmapPackage.MODEL_PART), null, file + "!model.onnx").graph();
        Map<String, String> entries = new HashMap<>();
        for (Object o : (List<Object>) pkg.manifest().getOrDefault("inputs", List.of())) {
            Map<String, Object> in = (Map<String, Object>) o;
            entries.put(String.valueOf(in.get("name")), String.valueOf(in.getOrDefault("preprocessed", in.get("name"))));
        }
        Graph typed = new InferTypes().apply(new StripQdq().apply(g));
        Map<String, TensorType> types = new HashMap<>();
        entries.values().forEach(v -> types.put(v, typed.typeOf(v)));
        Graph placed = new InferTypes().apply(CutAtValues.apply(typed, entries, types));
        byte[] profileText = pkg.part("profile.yaml");
        if (profileText == null) {
            throw new QmapException(file + ": the package has no profile.yaml");
        }
        String[] docs = new String(profileText, java.nio.charset.StandardCharsets.UTF_8).split("(?m)^---\\n");
        TargetProfile profile = TargetProfile.parse(docs[docs.length - 1], file + "!profile.yaml");
        return CostModel.estimate(placed, Placement.plan(placed, profile, recorded(pkg, file)), profile);
    }

    @SuppressWarnings("unchecked")
    private static PlacementRequest recorded(QmapPackage pkg, Path file) {
        byte[] json = pkg.part("placement.json");
        if (json == null) {
            return PlacementRequest.NONE;
        }
        Map<String, Object> doc = (Map<String, Object>) Json.parse(new String(json,
                java.nio.charset.StandardCharsets.UTF_8), file + "!placement.json");
        Set<String> cpu = new LinkedHashSet<>();
        for (Object o : (List<Object>) doc.getOrDefault("nodes", List.of())) {
            Map<String, Object> n = (Map<String, Object>) o;
            if ("cpu".equals(n.get("on")) && String.valueOf(n.get("reason")).contains("run_on_cpu")) {
                cpu.add(String.valueOf(n.get("name")));
            }
        }
        return new PlacementRequest(cpu, Set.of(), Map.of());
    }

    public static List<String> report(CostReport r) {
        List<String> out = new ArrayList<>();
        int nw = 4;
        for (NodeCost c : r.nodes()) {
            nw = Math.max(nw, c.name().length());
        }
        String fmt = "%-" + nw + "s  %-18s  %-6s  %10s  %14s  %12s";
        out.add(String.format(Locale.ROOT, fmt, "Node", "Type", "ON", "ms", "MACs", "bytes"));
        for (NodeCost c : r.nodes()) {
            out.add(String.format(Locale.ROOT, fmt, c.name(), c.op(), c.unit().profileName(),
                    String.format(Locale.ROOT, "%.4f", c.ms()), c.macs(), c.bytes()));
        }
        out.add("");
        for (SubgraphCost s : r.subgraphs()) {
            out.add(String.format(Locale.ROOT, "subgraph %d: %d nodes, %.4f ms, %d MACs", s.index(), s.nodeCount(),
                    s.ms(), s.macs()));
        }
        for (BoundaryCost b : r.boundaries()) {
            out.add(String.format(Locale.ROOT, "boundary %s %s: %.4f ms", b.boundary().direction(),
                    b.boundary().tensor(), b.ms()));
        }
        for (CpuPlacementCost c : r.cpuPlacements()) {
            out.add(String.format(Locale.ROOT, "CPU placement of %s (%s) costs %+.4f ms (CPU %.4f, NPU %.4f%s, "
                    + "switches %+.4f)", c.node(), c.op(), c.deltaMs(), c.cpuMs(), c.npuMs(),
                    c.npuCapable() ? "" : " if it could run there", c.boundaryMs()));
        }
        out.add(String.format(Locale.ROOT, "total: %.4f ms (NPU %.4f, CPU %.4f, NPU<->CPU switches %.4f, model "
                + "input/output conversion %.4f)", r.totalMs(), r.npuMs(), r.cpuMs(), r.boundaryMs(), r.modelEdgeMs()));
        out.add(r.note());
        return out;
    }
}
