package qmap.build;

import qmap.kernels.FastKernels;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import qmap.calib.CalibrationMethod;
import qmap.exec.Executor;
import qmap.exec.Similarity;
import qmap.ir.Graph;
import qmap.ir.Node;
import qmap.ir.Tensor;
import qmap.ir.ValueInfo;
import qmap.ops.OpRegistry;

/**
 * calibration_type 'default': every candidate method calibrates the whole model, the fake-quant
 * model runs on a few samples, and the method whose worst output cosine is highest wins (mean
 * output cosine breaks ties). Scoring by the worst output keeps a method from buying a better
 * average with one ruined output. An output computed by a Softmax is scored on the Softmax's
 * input (the logits): probabilities saturate, so two methods would tie at a cosine of 1.000000
 * while their logits, which decide the argmax, still differ.
 */
public final class MethodSelection {
    /** Shape-only ops an old-opset Softmax is canonicalized into (Flatten, Softmax, Reshape). */
    private static final Set<String> RESHAPES = Set.of("Reshape", "Flatten", "Identity", "Squeeze", "Unsqueeze");

    /** One candidate's figures. */
    public record Score(String method, double worstOutputCosine, double meanOutputCosine) {
    }

    private MethodSelection() {
    }

    /**
     * @param fakeQuantGraph the calibration-entry graph of the model quantized with a candidate's thresholds
     * @param samples        scoring samples (training format)
     * @param floatOutputs   the float model's outputs on those samples
     */
    public static List<Score> score(List<ThresholdTable> candidates, Function<ThresholdTable, Graph> fakeQuantGraph,
                                    List<Map<String, Tensor>> samples, List<Map<String, Tensor>> floatOutputs,
                                    int threads, BuildLog log) {
        List<Score> scores = new ArrayList<>();
        for (ThresholdTable t : candidates) {
            Map<String, double[]> perOutput = new LinkedHashMap<>();
            List<Map<String, Tensor>> outs = new ArrayList<>();
            try (Executor exec = new Executor(fakeQuantGraph.apply(t), FastKernels.registry(), 21, threads)) {
                samples.forEach(s -> outs.add(exec.run(s)));
            }
            for (int s = 0; s < samples.size(); s++) {
                Map<String, Tensor> out = outs.get(s);
                for (Map.Entry<String, Tensor> e : floatOutputs.get(s).entrySet()) {
                    double c = Similarity.of(out.get(e.getKey()), e.getValue()).cosine();
                    perOutput.computeIfAbsent(e.getKey(), k -> new double[1])[0] += c / samples.size();
                }
            }
            double worst = 1;
            double mean = 0;
            for (double[] v : perOutput.values()) {
                worst = Math.min(worst, v[0]);
                mean += v[0] / perOutput.size();
            }
            scores.add(new Score(t.describe(), worst, mean));
            log.say(String.format("  default: %-20s worst output cosine %.9f, mean %.9f", t.describe(), worst, mean));
        }
        return scores;
    }

    /** Index of the best score. */
    public static int best(List<Score> scores) {
        int best = 0;
        for (int i = 1; i < scores.size(); i++) {
            Score a = scores.get(i);
            Score b = scores.get(best);
            if (a.worstOutputCosine() > b.worstOutputCosine()
                    || a.worstOutputCosine() == b.worstOutputCosine() && a.meanOutputCosine() > b.meanOutputCosine()) {
                best = i;
            }
        }
        return best;
    }

    /** The tensors scoring compares: each output of the float graph, or the input of the Softmax computing it. */
    public static List<String> scoredTensors(Graph floatGraph) {
        Map<String, Node> producers = floatGraph.producers();
        List<String> out = new ArrayList<>();
        for (ValueInfo o : floatGraph.outputs()) {
            // through the reshapes an old-opset Softmax is canonicalized into (Flatten, Softmax, Reshape)
            Node p = producers.get(o.name());
            while (p != null && RESHAPES.contains(p.opType())) {
                p = producers.get(p.input(0));
            }
            out.add(p != null && p.opType().equals("Softmax") ? p.input(0) : o.name());
        }
        return out;
    }

    /** {@code g} with {@code tensors} as its outputs. */
    public static Graph withOutputs(Graph g, List<String> tensors) {
        return g.withOutputs(tensors.stream().map(t -> new ValueInfo(t, g.typeOf(t))).toList());
    }

    /** The candidates 'default' tries, given hb_mapper's max_percentile. */
    public static List<CalibrationMethod> defaultCandidates(double maxPercentile) {
        List<CalibrationMethod> m = new ArrayList<>();
        m.add(CalibrationMethod.named("max", maxPercentile));
        if (maxPercentile < 1) {
            m.add(CalibrationMethod.named("max", 1.0));
        }
        m.add(CalibrationMethod.named("percentile", maxPercentile));
        m.add(CalibrationMethod.named("kl", maxPercentile));
        m.add(CalibrationMethod.named("mse", maxPercentile));
        return m;
    }
}
