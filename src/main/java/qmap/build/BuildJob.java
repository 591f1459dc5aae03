package qmap.build;

import qmap.kernels.FastKernels;
import java.nio.file.Path;
import java.util.AbstractList;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Predicate;
import qmap.Version;
import qmap.calib.CalibrationMethod;
import qmap.calib.SampleSource;
import qmap.calib.TensorObserver;
import qmap.config.CalibrationType;
import qmap.config.Config;
import qmap.exec.Executor;
import qmap.io.Json;
import qmap.ir.DType;
import qmap.ir.Graph;
import qmap.ir.Model;
import qmap.ir.Node;
import qmap.ir.Tensor;
import qmap.onnx.OnnxWriter;
import qmap.ops.OpRegistry;
import qmap.quant.QdqGraph;
import qmap.quant.QdqInserter;
import qmap.quant.QuantPlan;
import qmap.quant.BiasCorrection;
import qmap.quant.NpuOutputs;
import qmap.quant.QuantPlanner;
import qmap.target.CostModel;
import qmap.target.CostReport;
import qmap.target.Placement;
import qmap.target.PlacementPlan;
import qmap.target.TargetProfile;
import qmap.target.Unit;

/**
 * qmap build (hb_mapper makertbin): fold preprocessing into the model, optimize, place every
 * node, calibrate, quantize, compare node by node, and write the models, package, _nodes.json
 * and build log. Each step is a call into its stage; this class only strings them together.
 */
public final class BuildJob {
    /** Calibration samples 'default' scores each method on. */
    private static final int SCORING_SAMPLES = 10;
    /** At most this many calibration samples estimate the bias corrections (memory grows with them). */
    private static final int BIAS_CORRECTION_SAMPLES = 16;
    /** What a build produced. */
    public record Result(List<NodeRow> rows, Map<String, Double> outputCosine, String method, CostReport cost,
                         List<Path> files, List<String> table) {
    }

    private final Config config;
    private final BuildLog log;

    public BuildJob(Config config, Consumer<String> console) {
        this.config = config;
        this.log = new BuildLog(console);
    }

    /**
     * What a build knows before it writes anything: the prepared model, the placement, the
     * calibration statistics of every float tensor and the quantization plan. {@code qmap debug}
     * starts from here.
     */
    public record Analysis(Config config, PreparedModel prepared, TargetProfile profile, PlacementPlan placement,
                           Graph calibrationGraph, Map<String, TensorObserver> observers, SampleSource samples,
                           List<Map<String, Tensor>> eval, ThresholdTable thresholds, QuantPlan plan) {
        /** The nodes placed on the NPU (they run quantized). */
        public Predicate<Node> onNpu() {
            return BuildJob.onNpu(placement);
        }
    }

    /** The nodes a placement puts on the NPU (they run quantized). */
    public static Predicate<Node> onNpu(PlacementPlan placement) {
        Set<String> npu = new HashSet<>();
        placement.nodes().forEach(p -> {
            if (p.unit() == Unit.NPU) {
                npu.add(p.name());
            }
        });
        return n -> npu.contains(n.name());
    }

    /** Steps 1-5 of the build: prepare, place, calibrate, choose thresholds, plan the quantization. */
    public Analysis analyse() {
        log.say("qmap " + Version.VERSION + " build: " + config.file());
        PreparedModel prepared = PreparedModel.of(config);
        Config cfg = prepared.config();
        ModelInputs.Resolved inputs = prepared.inputs();
        PreprocessFolding.Result pre = prepared.pre();
        Graph optimized = prepared.optimized();
        log.say(String.format("model: %d nodes; optimized: %d nodes", prepared.original().nodes().size(),
                optimized.nodes().size()));

        TargetProfile profile = TargetProfile.named(cfg.march().toString());
        PlacementPlan placement = Placement.plan(prepared.placed(), profile, PlacementRequests.of(cfg));
        long npuCount = placement.nodes().stream().filter(p -> p.unit() == Unit.NPU).count();
        log.say(String.format("placement (%s): %d nodes on the %s, %d on the CPU, %d subgraphs", profile.name(),
                npuCount, profile.npuName(), placement.cpuNodes().size(), placement.subgraphs().size()));

        Graph calibGraph = GraphViews.after(optimized, pre.calibrationEntries());
        SampleSource samples = CalibrationSets.open(cfg, inputs, pre);
        int threads = cfg.qmap().threads();
        Map<String, TensorObserver> observers;
        try (Executor exec = new Executor(calibGraph, FastKernels.registry(), 21, threads)) {
            observers = Calibrator.observe(exec, samples, log);
        }
        log.say("calibration: " + samples.size() + " samples, " + observers.size() + " tensors observed");

        List<Map<String, Tensor>> eval = evalSamples(samples, cfg.qmap().evalSamples());
        QuantPlanner planner = new QuantPlanner(onNpu(placement), ActivationTypes.of(cfg, optimized), DType.INT8,
                npuOutputs(profile, cfg));
        Set<String> exactImages = exactImageInputs(inputs, pre);
        ThresholdTable thresholds = chooseThresholds(cfg, observers, exactImages, planner, optimized, pre, eval);
        QuantPlan plan = planner.plan(optimized, thresholds);
        log.say("calibration method: " + thresholds.describe() + "; " + plan.activations().size()
                + " activations and " + plan.weights().size() + " weights quantized");
        QuantPlan corrected = correctBiases(cfg, calibGraph, plan, placement, eval, log::say);
        return new Analysis(cfg, prepared, profile, placement, calibGraph, observers, samples, eval, thresholds,
                corrected);
    }

    /**
     * The plan with biases corrected for the quantized model's mean error ({@link BiasCorrection}) on
     * the first {@link #BIAS_CORRECTION_SAMPLES} evaluation samples, as the build does it; the plan
     * unchanged when the config turns bias correction off.
     */
    public static QuantPlan correctBiases(Config cfg, Graph calibGraph, QuantPlan plan, PlacementPlan placement,
                                          List<Map<String, Tensor>> eval, java.util.function.Consumer<String> say) {
        if (!cfg.qmap().biasCorrection() || cfg.calibration().type() == CalibrationType.SKIP || eval.isEmpty()) {
            return plan;
        }
        // every sample's quantized values are held at once (each node's correction needs all of them)
        List<Map<String, Tensor>> used = eval.subList(0, Math.min(eval.size(), BIAS_CORRECTION_SAMPLES));
        BiasCorrection.Result r = BiasCorrection.apply(calibGraph, plan, onNpu(placement), used,
                cfg.qmap().threads());
        say.accept("bias correction: " + r.deltas().size() + " biases corrected on " + used.size() + " samples");
        return plan.withConstants(r.biases());
    }

    /** Int32 hand-over to the CPU where the profile has it; model outputs int8 with set_model_output_int8. */
    public static NpuOutputs npuOutputs(TargetProfile profile, Config cfg) {
        boolean int8Outputs = cfg.calibration().hasOptimization("set_model_output_int8");
        return new NpuOutputs(profile.int32ToCpu(), profile.int32ToCpu() && !int8Outputs);
    }

    public Result run() {
        Analysis a = analyse();
        Config cfg = a.config();
        PreparedModel prepared = a.prepared();
        Model source = prepared.source();
        ModelInputs.Resolved inputs = prepared.inputs();
        PreprocessFolding.Result pre = prepared.pre();
        Graph original = prepared.original();
        Graph optimized = prepared.optimized();
        Graph placed = prepared.placed();
        TargetProfile profile = a.profile();
        PlacementPlan placement = a.placement();
        Predicate<Node> onNpu = a.onNpu();
        Graph calibGraph = a.calibrationGraph();
        List<Map<String, Tensor>> eval = a.eval();
        ThresholdTable thresholds = a.thresholds();
        QuantPlan plan = a.plan();

        QdqGraph calibrated = new QdqInserter(QdqInserter.Form.CALIBRATED).apply(optimized, plan);
        QdqGraph quantized = new QdqInserter(QdqInserter.Form.QUANTIZED).apply(optimized, plan);
        Graph calibratedCut = GraphViews.executable(calibrated.graph(), pre.calibrationEntries());
        NodeComparison.Result sim = new NodeComparison(calibGraph,
                new QdqGraph(calibratedCut, calibrated.dequantizedName()), plan, onNpu).run(eval, cfg.qmap().threads(), log);
        CostReport cost = CostModel.estimate(placed, placement, profile);

        List<NodeRow> rows = NodeRows.of(optimized, pre, placement, profile.npuName(), plan, sim);
        List<String> table = BuildReport.table(rows, sim.outputCosine(), cost);
        BuildOutputs out = new BuildOutputs(cfg, log);
        List<Path> files = new ArrayList<>();
        files.add(out.model("_original_float_model.onnx", source, original));
        files.add(out.model("_optimized_float_model.onnx", source, optimized));
        files.add(out.model("_calibrated_model.onnx", source, calibrated.graph()));
        files.add(out.model("_quantized_model.onnx", source, quantized.graph()));
        byte[] quantizedBytes = OnnxWriter.toBytes(source.withGraph(quantized.graph()));
        files.add(out.pkg(quantizedBytes, inputs, pre.preprocessed(), quantized.graph(), placement, profile));
        Map<String, List<String>> nodeOutputs = new LinkedHashMap<>();
        optimized.nodes().forEach(n -> nodeOutputs.put(n.name(), n.outputs()));
        files.add(out.text("_nodes.json", Json.write(BuildReport.json(profile.name(), thresholds.describe(), rows,
                placement, plan, sim.outputCosine(), cost, nodeOutputs, sim.samples()))));
        table.forEach(log::record);
        files.add(out.buildLog(cfg));
        return new Result(rows, sim.outputCosine(), thresholds.describe(), cost, files, table);
    }

    private ThresholdTable chooseThresholds(Config cfg, Map<String, TensorObserver> observers, Set<String> exactImages,
                                            QuantPlanner planner, Graph optimized, PreprocessFolding.Result pre,
                                            List<Map<String, Tensor>> eval) {
        double pct = cfg.calibration().maxPercentile();
        CalibrationType type = cfg.calibration().type();
        var overrides = cfg.qmap().tensorOverrides();
        List<CalibrationMethod> candidates = MethodSelection.defaultCandidates(pct);
        CalibrationMethod[] mix = candidates.toArray(new CalibrationMethod[0]);
        switch (type) {
            case MIX -> {
                return new ThresholdTable(observers, null, mix, overrides, pct, exactImages);
            }
            case DEFAULT -> {
                List<ThresholdTable> tables = new ArrayList<>();
                for (CalibrationMethod m : candidates) {
                    tables.add(new ThresholdTable(observers, m, mix, overrides, pct, exactImages));
                }
                tables.add(new ThresholdTable(observers, null, mix, overrides, pct, exactImages));
                // held in memory: every candidate runs them (eval reads its samples from disk on each access)
                List<Map<String, Tensor>> scoring = List.copyOf(eval.subList(0, Math.min(eval.size(), SCORING_SAMPLES)));
                Graph floatGraph = GraphViews.after(optimized, pre.calibrationEntries());
                List<String> scored = MethodSelection.scoredTensors(floatGraph);
                Graph floatCut = MethodSelection.withOutputs(floatGraph, scored);
                List<Map<String, Tensor>> floatOut = new ArrayList<>();
                try (Executor fx = new Executor(floatCut, FastKernels.registry(), 21, cfg.qmap().threads())) {
                    scoring.forEach(s -> floatOut.add(fx.run(s)));
                }
                log.say("calibration_type default: scoring " + tables.size() + " methods on " + scoring.size()
                        + " samples");
                var scores = MethodSelection.score(tables, t -> MethodSelection.withOutputs(GraphViews.executable(
                        new QdqInserter(QdqInserter.Form.CALIBRATED).apply(optimized, planner.plan(optimized, t)).graph(),
                        pre.calibrationEntries()), scored), scoring, floatOut, cfg.qmap().threads(), log);
                ThresholdTable chosen = tables.get(MethodSelection.best(scores));
                log.say("calibration_type default: chose " + chosen.describe());
                return chosen;
            }
            default -> {
                String name = type == CalibrationType.SKIP ? "max" : type.toString();
                CalibrationMethod m = CalibrationMethod.named(name, type == CalibrationType.SKIP ? 1.0 : pct);
                return new ThresholdTable(observers, m, mix, overrides, pct, exactImages);
            }
        }
    }

    /**
     * The samples cosines are measured on, read from their files each time one is needed, so
     * memory does not grow with the number of calibration samples.
     */
    private static List<Map<String, Tensor>> evalSamples(SampleSource samples, int evalSamples) {
        int n = evalSamples <= 0 ? samples.size() : Math.min(evalSamples, samples.size());
        return new AbstractList<>() {
            @Override
            public Map<String, Tensor> get(int i) {
                return samples.sample(Objects.checkIndex(i, n));
            }

            @Override
            public int size() {
                return n;
            }
        };
    }

    /** Image inputs read without normalization: their training tensors hold exact uint8 pixel values. */
    private static Set<String> exactImageInputs(ModelInputs.Resolved inputs, PreprocessFolding.Result pre) {
        Set<String> s = new HashSet<>();
        for (InputFormat f : inputs.formats()) {
            String entry = pre.calibrationEntries().get(f.name());
            if (f.isImage() && entry.equals(pre.preprocessed().get(f.name()))) {
                s.add(entry);
            }
        }
        return s;
    }

}
