package qmap.debug;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A culprit's cause in one line of words, from the figures: the threshold and what set it, how
 * many grid steps the typical value spans, the shares rounded to zero or clipped, the look-up
 * table's use of its codes, and what that does downstream.
 */
public final class Causes {
    private Causes() {
    }

    /**
     * @param dist     distributions by tensor
     * @param luts     look-up-table usage by node
     * @param outliers the share of |x| above a quarter of the threshold, by tensor
     */
    public static String of(Culprit c, Map<String, TensorDistribution> dist, Map<String, LutUsage.Table> luts,
                            Map<String, Double> outliers, Map<String, Collapse> collapses, Sensitivity act,
                            LocalDiagnosis.NodeLocal local) {
        List<String> parts = new ArrayList<>();
        String role = c.side() == Culprit.Side.INPUT ? "input" : "output";
        TensorDistribution d = c.tensors().isEmpty() ? null : dist.get(c.tensors().get(0));
        if (c.side() == Culprit.Side.WEIGHTS) {
            parts.add("weight quantization");
        } else if (d != null) {
            parts.add(threshold(role, d, c.op(), outliers.getOrDefault(d.tensor(), Double.NaN)));
            parts.add(String.format(Locale.ROOT, "median |x| %s spans %s codes (scale %s)", g(d.p50()),
                    codes(d.p50() / d.scale()), g(d.scale())));
            if (d.zeroOrOneCode() >= 0.5) {
                parts.add(String.format(Locale.ROOT, "%s of %ss round to code 0 or ±1", pct(d.zeroOrOneCode()), role));
            } else if (d.zeroCode() >= 0.2) {
                parts.add(String.format(Locale.ROOT, "%s of %ss round to code 0", pct(d.zeroCode()), role));
            }
            if (d.clipped() >= 1e-3) {
                parts.add(String.format(Locale.ROOT, "%s clipped", pct(d.clipped())));
            }
        }
        LutUsage.Table lut = luts.get(c.node());
        if (lut != null) {
            parts.add(String.format(Locale.ROOT, "its %d-entry table uses %d input codes, which hold %d distinct output "
                    + "codes", lut.tableSize(), lut.inputCodesUsed(), lut.outputCodesOfUsedInputs()));
        }
        return c.node() + ": " + String.join("; ", parts) + " -> " + consequence(c, collapses, act, local);
    }

    private static String threshold(String role, TensorDistribution d, String op, double outlierShare) {
        String source = d.method().startsWith("max") && !d.method().startsWith("max(")
                ? "max of " + (role.equals("output") && !op.isEmpty() ? op.toLowerCase(Locale.ROOT) + " output"
                : "|" + role + "|") + " over calibration"
                : d.method();
        String s = String.format(Locale.ROOT, "%s threshold %s (%s)", role, g(d.threshold()), source);
        if (outlierShare < 0.01) {
            s += String.format(Locale.ROOT, ", set by outliers: %s of values lie above a quarter of it, 99.99%% below %s",
                    pct(outlierShare), g(d.p9999()));
        }
        return s;
    }

    private static String consequence(Culprit c, Map<String, Collapse> collapses, Sensitivity act,
                                      LocalDiagnosis.NodeLocal local) {
        List<String> out = new ArrayList<>();
        for (Collapse col : collapses.values()) {
            if (col.collapsed() && act != null && Collapse.ratio(act.onlyThisSpread().getOrDefault(col.output(),
                    col.floatSpread()), col.floatSpread()) < Collapse.RATIO) {
                out.add(col.output() + " collapses");
            }
        }
        if (out.isEmpty() && act != null && c.harmsOutputs()) {
            act.onlyThis().entrySet().stream().min(Map.Entry.comparingByValue()).ifPresent(e -> out.add(String.format(
                    Locale.ROOT, "%s cosine %.4f with only this quantized", e.getKey(), e.getValue())));
        }
        if (local != null && !Double.isNaN(local.all()) && (out.isEmpty() || local.all() < 0.99)) {
            out.add(String.format(Locale.ROOT, "local cosine %.4f", local.all()));
        }
        return out.isEmpty() ? "output cosine below target" : String.join(", ", out);
    }

    static String pct(double share) {
        double p = 100 * share;
        return String.format(Locale.ROOT, p >= 10 ? "%.0f%%" : p >= 0.1 ? "%.1f%%" : "%.2g%%", p);
    }

    static String codes(double c) {
        return c < 0.5 ? String.format(Locale.ROOT, "0 (%.2f)", c) : String.format(Locale.ROOT, "%.1f", c);
    }

    static String g(double v) {
        double a = Math.abs(v);
        if (a == 0) {
            return "0";
        }
        return String.format(Locale.ROOT, a >= 100 ? "%.1f" : a >= 1 ? "%.3g" : a >= 0.01 ? "%.2g" : "%.2e", v);
    }
}
