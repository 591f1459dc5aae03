package qmap.debug;

import qmap.QmapException;
import qmap.build.ActivationTypes;
import qmap.build.BuildJob;
import qmap.build.PlacementRequests;
import qmap.ir.DType;
import qmap.quant.QuantPlan;
import qmap.quant.QuantPlanner;
import qmap.target.CostModel;
import qmap.target.CostReport;
import qmap.target.Placement;
import qmap.target.PlacementPlan;

/**
 * What the build would do with a fix applied to the config: placement (with the fix's CPU nodes
 * and int16 requests), the quantization plan (with its tensor overrides) and the estimated latency.
 * Calibration statistics do not depend on any of these, so they are reused.
 */
public final class FixPlanner {
    /** A fix as the build would plan it. */
    public record Planned(FixSet fix, PlacementPlan placement, QuantPlan plan, CostReport cost) {
        public double latencyMs() {
            return cost.totalMs();
        }
    }

    private final BuildJob.Analysis analysis;

    public FixPlanner(BuildJob.Analysis analysis) {
        this.analysis = analysis;
    }

    /** The fix planned, or null when the target cannot honour it (e.g. int16 where the profile has none). */
    public Planned plan(FixSet fix) {
        var cfg = analysis.config();
        var prepared = analysis.prepared();
        PlacementPlan placement;
        try {
            placement = Placement.plan(prepared.placed(), analysis.profile(), fix.request(PlacementRequests.of(cfg)));
        } catch (QmapException e) {
            return null;
        }
        QuantPlanner planner = new QuantPlanner(BuildJob.onNpu(placement),
                fix.types(ActivationTypes.of(cfg, prepared.optimized()), prepared.optimized()), DType.INT8);
        QuantPlan plan = planner.plan(prepared.optimized(),
                analysis.thresholds().withOverrides(fix.overrides(cfg.qmap().tensorOverrides())));
        CostReport cost = CostModel.estimate(prepared.placed(), placement, analysis.profile());
        return new Planned(fix, placement, plan, cost);
    }
}
