package qmap.debug;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Flags culprit nodes from the figures: a node whose quantization alone collapses an output or
 * brings one below the target cosine (or without whose quantization a collapse disappears), a
 * node whose quantization alone costs a large share of an output's loss when that output misses
 * the target (the loss is spread: no single node brings it below the target, but a few carry
 * most of it), and a node whose own quantization loses more than the local threshold (then the
 * side is the input, weights or output that loses most when quantized alone).
 */
public final class Culprits {
    /** A part that alone costs at least this share of an output's loss (1 - cosine) contributes to it. */
    static final double CONTRIBUTOR_SHARE = 0.25;

    private Culprits() {
    }

    /**
     * @param quantized each output's cosine with the whole model quantized (to find the outputs that
     *                  miss the target and their loss); empty to skip the contributor rule
     */
    public static List<Culprit> find(List<Sensitivity> sensitivities, Map<String, LocalDiagnosis.NodeLocal> locals,
                                     Map<String, Collapse> collapses, Map<String, Double> quantized, double target,
                                     double localThreshold) {
        Map<String, Culprit> byNode = new LinkedHashMap<>();
        for (Sensitivity s : sensitivities) {
            List<String> reasons = new ArrayList<>();
            double severity = 1 - s.worstOnlyThis();
            String part = s.kind() == Sensitivity.Kind.ACTIVATION ? "output" : "weights";
            for (Collapse c : collapses.values()) {
                if (!c.collapsed()) {
                    continue;
                }
                double alone = Collapse.ratio(s.onlyThisSpread().getOrDefault(c.output(), c.floatSpread()), c.floatSpread());
                double without = Collapse.ratio(s.allButSpread().getOrDefault(c.output(), 0.0), c.floatSpread());
                if (alone < Collapse.RATIO) {
                    reasons.add(String.format(Locale.ROOT, "its %s alone quantized collapses %s (spread %.1f%% of float)",
                            part, c.output(), 100 * alone));
                    severity += 1;
                } else if (without >= Collapse.RATIO) {
                    reasons.add(String.format(Locale.ROOT, "with everything but its %s quantized, %s does not collapse "
                            + "(spread %.0f%% of float)", part, c.output(), 100 * without));
                    severity += 0.5;
                }
            }
            for (Map.Entry<String, Double> e : s.onlyThis().entrySet()) {
                double whole = quantized.getOrDefault(e.getKey(), 1.0);
                if (e.getValue() < target) {
                    reasons.add(String.format(Locale.ROOT, "%s cosine %.4f with only its %s quantized", e.getKey(),
                            e.getValue(), part));
                } else if (whole < target && 1 - e.getValue() >= CONTRIBUTOR_SHARE * (1 - whole)) {
                    reasons.add(String.format(Locale.ROOT, "%s cosine %.4f with only its %s quantized: %.0f%% of the "
                            + "loss of the whole quantized model (%.4f), which no single node explains", e.getKey(),
                            e.getValue(), part, 100 * (1 - e.getValue()) / (1 - whole), whole));
                }
            }
            if (!reasons.isEmpty()) {
                Culprit.Side side = s.kind() == Sensitivity.Kind.ACTIVATION ? Culprit.Side.OUTPUT : Culprit.Side.WEIGHTS;
                merge(byNode, new Culprit(s.node(), s.op(), side, s.tensors(), reasons, severity, true));
            }
        }
        for (LocalDiagnosis.NodeLocal l : locals.values()) {
            if (!(l.all() < localThreshold)) {
                continue;
            }
            String worstPart = "output";
            double worst = l.outputOnly();
            Culprit.Side side = Culprit.Side.OUTPUT;
            List<String> tensors = List.of(l.outputTensor());
            if (!Double.isNaN(l.weightsOnly()) && (Double.isNaN(worst) || l.weightsOnly() < worst)) {
                worst = l.weightsOnly();
                tensors = List.of();
                worstPart = "weights";
                side = Culprit.Side.WEIGHTS;
            }
            for (Map.Entry<String, Double> e : l.inputs().entrySet()) {
                if (Double.isNaN(worst) || e.getValue() < worst) {
                    worst = e.getValue();
                    worstPart = "input " + e.getKey();
                    side = Culprit.Side.INPUT;
                    tensors = List.of(e.getKey());
                }
            }
            String reason = String.format(Locale.ROOT, "local cosine %.4f (this node alone quantized, float inputs); "
                    + "its %s alone gives %.4f", l.all(), worstPart, worst);
            merge(byNode, new Culprit(l.node(), l.op(), side, tensors, List.of(reason), 0.5 * (1 - l.all()), false));
        }
        List<Culprit> out = new ArrayList<>(byNode.values());
        out.sort((a, b) -> Double.compare(b.severity(), a.severity()));
        return out;
    }

    /**
     * Keeps one culprit per node: the reasons together, output harm from the sensitivity and the
     * side from the sensitivity unless only the local figures flagged it.
     */
    private static void merge(Map<String, Culprit> byNode, Culprit c) {
        Culprit old = byNode.get(c.node());
        if (old == null) {
            byNode.put(c.node(), c);
            return;
        }
        List<String> reasons = new ArrayList<>(old.reasons());
        reasons.addAll(c.reasons());
        boolean harms = old.harmsOutputs() || c.harmsOutputs();
        Culprit keep = old.harmsOutputs() ? old : c;
        if (old.side() == Culprit.Side.WEIGHTS && c.side() == Culprit.Side.OUTPUT && c.harmsOutputs()) {
            keep = c;
        }
        String op = old.op().isEmpty() ? c.op() : old.op();
        byNode.put(c.node(), new Culprit(c.node(), op, keep.side(), keep.tensors(), reasons,
                old.severity() + c.severity(), harms));
    }
}
