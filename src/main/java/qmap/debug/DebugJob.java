package qmap.debug;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.IntFunction;
import java.util.function.Predicate;
import qmap.QmapException;
import qmap.build.BuildJob;
import qmap.build.MethodSelection;
import qmap.calib.TensorObserver;
import qmap.config.Config;
import qmap.ir.Graph;
import qmap.ir.Node;
import qmap.ir.Tensor;
import qmap.quant.ActivationQuant;
import qmap.quant.QuantPlan;
import qmap.target.CostModel;
import qmap.target.CostReport;
import qmap.target.NodeCost;
import qmap.target.OpClass;
import qmap.target.Unit;

/**
 * qmap debug: which node ruins which output, why, and the cheapest fix. The build's stages up to
 * the quantization plan run as in `qmap build`; then, on the calibration samples:
 * <ol>
 * <li>float and quantized runs: output cosines and spreads (collapse), local figures per node,
 *     look-up-table code use;</li>
 * <li>sensitivity of every quantized node, activations and weights apart;</li>
 * <li>culprits and their causes from those figures;</li>
 * <li>the fix search over per-tensor calibration, int16 and CPU placement.</li>
 * </ol>
 * Everything runs on the executor's kernels with fake quantization applied in passing; no model is written.
 */
public final class DebugJob {
    /**
     * @param targetCosine   every output must reach it; NaN: the config's qmap_parameters.target_cosine
     * @param samples        calibration samples to use; 0: all
     * @param localThreshold a node whose local cosine is below it is flagged
     */
    public record Options(double targetCosine, int samples, double localThreshold) {
        public static final Options DEFAULT = new Options(Double.NaN, 0, 0.98);
    }

    /** The worst culprits the fix search acts on (each brings about ten candidate actions per round). */
    static final int MAX_FIX_CULPRITS = 8;

    private final Config config;
    private final Options options;
    private final Consumer<String> console;

    public DebugJob(Config config, Options options, Consumer<String> console) {
        this.config = config;
        this.options = options;
        this.console = console;
    }

    public DebugReport run() {
        BuildJob.Analysis a = new BuildJob(config, console).analyse();
        double target = Double.isNaN(options.targetCosine()) ? a.config().qmap().targetCosine() : options.targetCosine();
        int n = options.samples() <= 0 ? a.samples().size() : Math.min(options.samples(), a.samples().size());
        if (n < 2) {
            throw new QmapException("qmap debug needs at least 2 calibration samples to measure spread across samples, "
                    + "got " + n);
        }
        // an output computed by a Softmax is judged on the Softmax's input: probabilities saturate
        // and hide the logit errors that flip an argmax (as 'default' scores its methods)
        List<String> judged = MethodSelection.scoredTensors(a.calibrationGraph());
        Graph g = MethodSelection.withOutputs(a.calibrationGraph(), judged);
        for (int i = 0; i < judged.size(); i++) {
            String out = a.calibrationGraph().outputs().get(i).name();
            if (!out.equals(judged.get(i))) {
                console.accept("debug: output " + out + " is judged on its Softmax's input " + judged.get(i)
                        + " (the logits)");
            }
        }
        // the build's plan, biases corrected for its own quantization error (what 'as configured'
        // reports); everything that quantizes only part of the model, or changes it, starts from the
        // graph's own biases, which a correction made for the whole configured model would skew
        QuantPlan built = a.plan();
        QuantPlan plan = new QuantPlan(built.activations(), built.weights(), built.biases());
        Predicate<Node> onNpu = a.onNpu();
        QuantSimulator sim = new QuantSimulator(g);
        IntFunction<Map<String, Tensor>> samples = a.samples()::sample;
        CostReport cost = CostModel.estimate(a.prepared().placed(), a.placement(), a.profile());
        Set<String> lutNodes = new HashSet<>();
        for (NodeCost c : cost.nodes()) {
            if (c.opClass() == OpClass.LUT && c.unit() == Unit.NPU) {
                lutNodes.add(c.name());
            }
        }

        console.accept("debug: " + n + " samples, target cosine " + target);
        LocalDiagnosis local = new LocalDiagnosis(g, plan, onNpu);
        LutUsage lut = new LutUsage(g, plan, lutNodes);
        Set<String> outputNames = new LinkedHashSet<>();
        g.outputs().forEach(o -> outputNames.add(o.name()));
        OutputAccumulator floatAcc = new OutputAccumulator(outputNames);
        OutputAccumulator quantAcc = new OutputAccumulator(outputNames);
        List<Map<String, Tensor>> floatOutputs = new ArrayList<>();
        for (int s = 0; s < n; s++) {
            Map<String, Tensor> sample = samples.apply(s);
            Trace f = sim.run(sample, Plans.FLOAT);
            Trace q = sim.run(sample, built);
            floatOutputs.add(sim.outputs(f));
            floatAcc.add(sim.outputs(f), null);
            quantAcc.add(sim.outputs(q), sim.outputs(f));
            local.add(f);
            lut.add(f);
            console.accept(String.format("debug: float and quantized runs, sample %d/%d", s + 1, n));
        }
        List<DebugReport.OutputFigures> outputs = new ArrayList<>();
        Map<String, Collapse> collapses = new LinkedHashMap<>();
        Map<String, Double> collapsedFloatSpread = new LinkedHashMap<>();
        for (String o : outputNames) {
            double fs = floatAcc.spread().get(o);
            double qs = quantAcc.spread().get(o);
            outputs.add(new DebugReport.OutputFigures(o, quantAcc.cosine().get(o), fs, qs));
            Collapse c = new Collapse(o, fs, qs);
            collapses.put(o, c);
            if (c.collapsed()) {
                collapsedFloatSpread.put(o, fs);
            }
        }

        List<Sensitivity> sens = new SensitivityAnalysis(sim, plan, collapsedFloatSpread.keySet())
                .run(samples, n, console);
        Map<String, LocalDiagnosis.NodeLocal> locals = local.result();
        Map<String, Double> quantizedCosine = new LinkedHashMap<>();
        outputs.forEach(o -> quantizedCosine.put(o.name(), o.cosine()));
        List<Culprit> culprits = Culprits.find(sens, locals, collapses, quantizedCosine, target,
                options.localThreshold());

        Map<String, TensorDistribution> dist = new LinkedHashMap<>();
        Map<String, Double> outliers = new HashMap<>();
        for (ActivationQuant q : plan.activations().values()) {
            TensorObserver o = a.observers().get(q.tensor());
            if (o != null) {
                dist.put(q.tensor(), TensorDistribution.of(o, q));
                outliers.put(q.tensor(), 1 - o.histogram().fractionBelow(q.threshold() / 4));
            }
        }
        Map<String, LutUsage.Table> luts = lut.result();
        Map<String, Sensitivity> actBy = SensitivityAnalysis.byNode(sens, Sensitivity.Kind.ACTIVATION);
        Map<String, Sensitivity> wBy = SensitivityAnalysis.byNode(sens, Sensitivity.Kind.WEIGHT);
        List<DebugReport.Finding> findings = new ArrayList<>();
        for (Culprit c : culprits) {
            findings.add(new DebugReport.Finding(c, Causes.of(c, dist, luts, outliers, collapses, actBy.get(c.node()),
                    locals.get(c.node()))));
        }

        List<Sensitivity> ranked = SensitivityAnalysis.ranked(sens);
        console.accept("debug: most sensitive (worst output cosine with only this part quantized):");
        ranked.stream().limit(10).forEach(x -> console.accept(String.format(java.util.Locale.ROOT, "  %-28s %-11s %.6f",
                x.node(), x.kind() == Sensitivity.Kind.ACTIVATION ? "activations" : "weights", x.worstOnlyThis())));
        findings.forEach(f -> console.accept("debug: flagged " + f.cause()));
        Set<String> npuNodes = new HashSet<>();
        a.placement().nodes().forEach(p -> {
            if (p.unit() == Unit.NPU) {
                npuNodes.add(p.name());
            }
        });
        FixCandidates candidates = new FixCandidates(g, plan, a.observers(), npuNodes, lutNodes,
                a.profile().activationDtypes().contains("int16"));
        List<FixAction> actions = new ArrayList<>();
        List<String> culpritsOnNpu = new ArrayList<>();
        for (Culprit c : culprits.subList(0, Math.min(culprits.size(), MAX_FIX_CULPRITS))) {
            actions.addAll(candidates.of(c));
            if (npuNodes.contains(c.node())) {
                culpritsOnNpu.add(c.node());
            }
        }
        FixPlanner planner = new FixPlanner(a);
        FixSearch search = new FixSearch(planner, sim, plan, samples, n, floatOutputs, collapsedFloatSpread, console);
        FixSearch.Result fix = search.run(actions, planner.otherMethods(), culpritsOnNpu, target);
        if (a.config().qmap().biasCorrection() && !fix.best().fix().isEmpty()) {
            console.accept("debug: configured and fixed model with biases corrected as the build corrects them");
            FixPlanner.Planned configured = new FixPlanner.Planned(FixSet.NONE, a.placement(), built,
                    fix.unfixed().planned().cost());
            List<Evaluation> asBuilt = search.evaluate(List.of(configured, planner.corrected(fix.best().planned())));
            fix = fix.withBuilt(asBuilt.get(0), asBuilt.get(1));
        }
        List<String> yaml = FixYaml.lines(fix.best().fix(), a.config());

        Set<String> flaggedNodes = new HashSet<>();
        culprits.forEach(c -> flaggedNodes.add(c.node()));
        Map<String, DebugReport.TensorHistogram> histograms = histograms(culprits, plan, a.observers(), fix.best().fix());
        List<DebugReport.NodeFigures> rows = new ArrayList<>();
        Map<String, Unit> units = a.placement().units();
        for (var in : g.inputs()) {
            if (actBy.containsKey(in.name())) {
                rows.add(new DebugReport.NodeFigures(in.name(), "input", "-", actBy.get(in.name()), null, null,
                        dist.get(in.name()), flaggedNodes.contains(in.name())));
            }
        }
        for (Node node : g.nodes()) {
            Sensitivity sa = actBy.get(node.name());
            Sensitivity sw = wBy.get(node.name());
            LocalDiagnosis.NodeLocal l = locals.get(node.name());
            if (sa == null && sw == null && l == null) {
                continue;
            }
            rows.add(new DebugReport.NodeFigures(node.name(), node.opType(), String.valueOf(units.get(node.name())), sa,
                    sw, l, dist.get(node.output(0)), flaggedNodes.contains(node.name())));
        }
        return new DebugReport(a.config().file(), a.profile().name(), a.thresholds().describe(), n, target, outputs,
                rows, ranked, findings, fix, yaml, histograms, luts, null);
    }

    private static Map<String, DebugReport.TensorHistogram> histograms(List<Culprit> culprits, QuantPlan plan,
                                                                       Map<String, TensorObserver> observers, FixSet fix) {
        Map<String, Double> fixed = new HashMap<>();
        for (FixAction act : fix.actions()) {
            if (act instanceof FixAction.TensorThreshold t) {
                fixed.put(t.tensor(), t.threshold());
            }
        }
        Map<String, DebugReport.TensorHistogram> out = new LinkedHashMap<>();
        for (Culprit c : culprits) {
            for (String t : c.tensors()) {
                ActivationQuant q = plan.activations().get(t);
                TensorObserver o = observers.get(t);
                if (q != null && o != null && !out.containsKey(t)) {
                    out.put(t, new DebugReport.TensorHistogram(t, c.node(),
                            c.side() == Culprit.Side.INPUT ? "input" : "output", o.histogram(), q.threshold(), q.scale(),
                            fixed.get(t)));
                }
            }
        }
        return out;
    }
}
