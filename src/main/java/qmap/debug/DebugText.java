package qmap.debug;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The console form of a {@link DebugReport}. */
public final class DebugText {
    private static final int TOP = 15;

    private DebugText() {
    }

    public static List<String> of(DebugReport r) {
        List<String> out = new ArrayList<>();
        out.add(String.format(Locale.ROOT, "qmap debug: %s (%s, calibration %s, %d samples, target cosine %s)",
                r.config(), r.march(), r.method(), r.samples(), r.targetCosine()));
        out.add("");
        out.add("Outputs (as configured):");
        for (DebugReport.OutputFigures o : r.outputs()) {
            out.add(String.format(Locale.ROOT, "  %-20s cosine %.6f  spread across samples %.4g (float %.4g, %s)%s",
                    o.name(), o.cosine(), o.quantSpread(), o.floatSpread(), Causes.pct(Collapse.ratio(o.quantSpread(),
                            o.floatSpread())), o.collapsed() ? "  COLLAPSED" : ""));
        }
        out.add("");
        out.add("Most sensitive (output cosine, worst output, with only this part quantized / with all but this part):");
        out.add(String.format(Locale.ROOT, "  %4s  %-28s %-18s %-11s %10s %10s %10s", "rank", "node", "op", "part",
                "only this", "all but", "local"));
        int k = 0;
        Map<String, LocalDiagnosis.NodeLocal> locals = locals(r);
        for (Sensitivity s : r.ranked()) {
            if (k >= TOP) {
                break;
            }
            LocalDiagnosis.NodeLocal l = locals.get(s.node());
            out.add(String.format(Locale.ROOT, "  %4d  %-28s %-18s %-11s %10.6f %10.6f %10s", ++k, s.node(), s.op(),
                    s.kind() == Sensitivity.Kind.ACTIVATION ? "activations" : "weights", s.worstOnlyThis(),
                    s.worstAllBut(), l == null ? "-" : String.format(Locale.ROOT, "%.6f", l.all())));
        }
        out.add("");
        if (r.findings().isEmpty()) {
            out.add("Flagged nodes: none");
        } else {
            out.add("Flagged nodes (cause, then the figures that flagged it):");
            for (DebugReport.Finding f : r.findings()) {
                out.add("  " + f.cause());
                f.culprit().reasons().forEach(x -> out.add("      - " + x));
            }
        }
        out.add("");
        fix(r, out);
        return out;
    }

    private static void fix(DebugReport r, List<String> out) {
        FixSearch.Result fx = r.fix();
        Evaluation best = fx.best();
        if (best.fix().isEmpty() && fx.reached()) {
            out.add(String.format(Locale.ROOT, "Every output already reaches cosine %s: no fix needed.", r.targetCosine()));
        } else if (fx.reached()) {
            out.add(String.format(Locale.ROOT, "Cheapest fix that brings every output to cosine >= %s (by estimated "
                    + "latency):", r.targetCosine()));
        } else {
            out.add(String.format(Locale.ROOT, "No fix found that brings every output to cosine %s; the best reachable "
                    + "worst-output cosine is %.6f at %.3f ms with:", r.targetCosine(), best.worstCosine(),
                    best.latencyMs()));
        }
        best.fix().actions().forEach(a -> out.add("  " + a.describe()));
        out.add(fx.built() != null ? "Outputs before -> after (the search's figures, biases as in the graph):"
                : "Outputs before -> after:");
        for (Map.Entry<String, Double> e : best.cosine().entrySet()) {
            double before = fx.unfixed().cosine().get(e.getKey());
            Double ratio = best.spreadRatio().get(e.getKey());
            out.add(String.format(Locale.ROOT, "  %-20s cosine %.6f -> %.6f%s", e.getKey(), before, e.getValue(),
                    ratio == null ? "" : String.format(Locale.ROOT, "  (spread %s -> %s of float)",
                            Causes.pct(fx.unfixed().spreadRatio().get(e.getKey())), Causes.pct(ratio))));
        }
        if (fx.built() != null && fx.builtFixed() != null) {
            out.add("As built (biases corrected as qmap build corrects them; the search compares uncorrected models):");
            for (Map.Entry<String, Double> e : fx.builtFixed().cosine().entrySet()) {
                out.add(String.format(Locale.ROOT, "  %-20s cosine %.6f -> %.6f", e.getKey(),
                        fx.built().cosine().get(e.getKey()), e.getValue()));
            }
            if (!fx.survivesBiasCorrection()) {
                out.add("  Bias correction alone recovers as much output cosine as the fix here; cosine is a proxy: "
                        + "compare the task metric with and without the fix.");
            }
        }
        out.add(String.format(Locale.ROOT, "Estimated latency: %.3f ms with the fix; %.3f ms as configured", best.latencyMs(),
                fx.unfixed().latencyMs()));
        Evaluation cpu = fx.culpritsOnCpu();
        if (cpu != null) {
            List<String> cos = new ArrayList<>();
            cpu.cosine().forEach((o, c) -> cos.add(String.format(Locale.ROOT, "%s %.6f", o, c)));
            out.add(String.format(Locale.ROOT, "  (every flagged node on the CPU instead, %s: %.3f ms, outputs %s)",
                    String.join(", ", cpu.fix().cpuNodes()), cpu.latencyMs(), String.join(", ", cos)));
        }
        if (!fx.singleActions().isEmpty()) {
            out.add("Single actions tried (first round, best worst-output cosine first):");
            fx.singleActions().stream().sorted(java.util.Comparator.comparingDouble(Evaluation::worstCosine).reversed())
                    .limit(12).forEach(e -> out.add(String.format(Locale.ROOT, "  %.6f  %7.3f ms  %s",
                            e.worstCosine(), e.latencyMs(), e.fix())));
        }
        if (!r.fixYaml().isEmpty()) {
            out.add("");
            out.add("Config lines to add" + (r.fixedConfig() != null ? " (written to " + r.fixedConfig() + ")" : "")
                    + ":");
            r.fixYaml().forEach(l -> out.add("  " + l));
        }
    }

    private static Map<String, LocalDiagnosis.NodeLocal> locals(DebugReport r) {
        Map<String, LocalDiagnosis.NodeLocal> m = new java.util.HashMap<>();
        r.nodes().forEach(n -> {
            if (n.local() != null) {
                m.put(n.node(), n.local());
            }
        });
        return m;
    }
}
