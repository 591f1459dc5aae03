package qmap.debug;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import qmap.QmapException;
import qmap.build.MethodSelection;
import qmap.build.ThresholdTable;
import qmap.calib.CalibrationMethod;
import qmap.calib.MaxCalibration;
import qmap.config.TensorOverride;
import qmap.quant.ActivationQuant;
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
    /** The build's thresholds by tensor and type: a method such as KL is costly and fixes change few tensors. */
    private final Map<String, Optional<ActivationQuant>> thresholds = new HashMap<>();

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
                fix.types(ActivationTypes.of(cfg, prepared.optimized()), prepared.optimized()), DType.INT8,
                BuildJob.npuOutputs(analysis.profile(), cfg));
        Map<String, TensorOverride> overrides = fix.overrides(cfg.qmap().tensorOverrides());
        ThresholdTable base = fix.method().map(this::table).orElse(analysis.thresholds());
        String key = fix.method().map(FixAction.Method::methodName).orElse("") + "|";
        ThresholdTable fixed = base.withOverrides(overrides);
        Map<String, TensorOverride> configured = cfg.qmap().tensorOverrides();
        QuantPlan plan = planner.plan(prepared.optimized(), (t, d) -> overrides.get(t) != configured.get(t)
                ? fixed.of(t, d)
                : thresholds.computeIfAbsent(key + t + "|" + d, k -> Optional.ofNullable(base.of(t, d)))
                        .orElse(null));
        CostReport cost = CostModel.estimate(prepared.placed(), placement, analysis.profile());
        // biases as the graph has them: the build's corrections were made for its own thresholds and
        // placement, and would count every change against the fix (DebugJob corrects the winner)
        return new Planned(fix, placement, plan, cost);
    }

    /**
     * The planned fix with its biases corrected as the build would correct them for it (the same
     * plan when the config has bias correction off).
     */
    public Planned corrected(Planned p) {
        QuantPlan plan = BuildJob.correctBiases(analysis.config(), analysis.calibrationGraph(), p.plan(),
                p.placement(), analysis.eval(), line -> { });
        return new Planned(p.fix(), p.placement(), plan, p.cost());
    }

    private ThresholdTable table(FixAction.Method m) {
        return analysis.thresholds().withMethod(m.calibrationType().equals("mix") ? null
                : CalibrationMethod.named(m.calibrationType(), Double.isNaN(m.maxPercentile())
                        ? analysis.config().calibration().maxPercentile() : m.maxPercentile()));
    }

    /** The model-wide methods other than the one the build chose, as qmap's calibration_type 'default' tries them. */
    public List<FixAction.Method> otherMethods() {
        String now = analysis.thresholds().describe();
        double pct = analysis.config().calibration().maxPercentile();
        List<FixAction.Method> out = new ArrayList<>();
        for (CalibrationMethod m : MethodSelection.defaultCandidates(pct)) {
            String type = m.name().startsWith("max") ? "max" : m.name().replaceFirst("\\(.*", "");
            double p = m instanceof MaxCalibration mc ? mc.maxPercentile() : Double.NaN;
            if (!m.name().equals(now)) {
                out.add(new FixAction.Method(type, p, now));
            }
        }
        if (!now.equals("mix")) {
            out.add(new FixAction.Method("mix", Double.NaN, now));
        }
        return out;
    }
}
