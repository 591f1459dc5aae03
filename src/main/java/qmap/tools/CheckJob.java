package qmap.tools;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import qmap.build.PlacementRequests;
import qmap.build.PreparedModel;
import qmap.config.Config;
import qmap.ir.Graph;
import qmap.ir.Model;
import qmap.onnx.OnnxReader;
import qmap.passes.FixInputShapes;
import qmap.passes.PassPipeline;
import qmap.target.Boundary;
import qmap.target.NodePlacement;
import qmap.target.Placement;
import qmap.target.PlacementPlan;
import qmap.target.PlacementRequest;
import qmap.target.Subgraph;
import qmap.target.TargetProfile;
import qmap.target.Unit;

/**
 * qmap check (hb_mapper checker): where every node runs for a target, the NPU subgraphs and
 * the reason for every CPU placement, from a build config or from a bare model and a march.
 */
public final class CheckJob {
    /** The placement and what it was computed on. */
    public record Result(Graph graph, TargetProfile profile, PlacementPlan plan) {
    }

    private CheckJob() {
    }

    public static Result ofConfig(Config config) {
        PreparedModel p = PreparedModel.of(config);
        TargetProfile profile = TargetProfile.named(p.config().march().toString());
        return new Result(p.placed(), profile, Placement.plan(p.placed(), profile, PlacementRequests.of(p.config())));
    }

    public static Result ofModel(Path model, String march, Map<String, int[]> shapes) {
        Model m = OnnxReader.read(model);
        Graph g = new FixInputShapes(shapes, "--input-shape").apply(m.graph());
        Graph optimized = PassPipeline.optimization().apply(PassPipeline.staticShapes().apply(g));
        TargetProfile profile = TargetProfile.named(march);
        return new Result(optimized, profile, Placement.plan(optimized, profile, PlacementRequest.NONE));
    }

    /** The checker's report: one line per node, then subgraphs, boundaries and the CPU nodes with reasons. */
    public static List<String> report(Result r) {
        PlacementPlan plan = r.plan();
        String npu = r.profile().npuName();
        int nw = 4;
        int ow = 4;
        for (NodePlacement p : plan.nodes()) {
            nw = Math.max(nw, p.name().length());
            ow = Math.max(ow, p.op().length());
        }
        String fmt = "%-" + nw + "s  %-" + ow + "s  %-3s  %8s  %s";
        List<String> out = new ArrayList<>();
        out.add(String.format(Locale.ROOT, fmt, "Node", "Type", "ON", "Subgraph", "Reason"));
        for (NodePlacement p : plan.nodes()) {
            String on = p.unit() == Unit.NPU ? npu : p.unit() == Unit.CPU ? "CPU" : "-";
            out.add(String.format(Locale.ROOT, fmt, p.name(), p.op(), on,
                    p.subgraph() < 0 ? "-" : "id(" + p.subgraph() + ")", p.reason()));
        }
        out.add("");
        long cpu = plan.nodes().stream().filter(p -> p.unit() == Unit.CPU).count();
        long folded = plan.nodes().stream().filter(p -> p.unit() == Unit.FOLDED).count();
        out.add(String.format(Locale.ROOT, "%s (%s): %d nodes on the %s, %d on the CPU, %d folded; %d subgraphs; "
                + "%d %s<->CPU boundaries", r.profile().name(), r.graph().name(), plan.nodes().size() - cpu - folded, npu,
                cpu, folded, plan.subgraphs().size(), plan.boundaries().size(), npu));
        for (Subgraph s : plan.subgraphs()) {
            out.add(String.format(Locale.ROOT, "  subgraph %d: %d nodes, %s .. %s", s.index(), s.nodes().size(),
                    s.nodes().get(0), s.nodes().get(s.nodes().size() - 1)));
        }
        for (Boundary b : plan.boundaries()) {
            out.add(String.format(Locale.ROOT, "  boundary: %s %s (%s -> %s, %d elements)", b.direction(), b.tensor(),
                    b.from(), b.to(), b.elements()));
        }
        if (cpu > 0) {
            out.add("CPU nodes:");
            for (NodePlacement p : plan.cpuNodes()) {
                out.add("  " + p.name() + " (" + p.op() + "): " + p.reason());
            }
        }
        return out;
    }
}
