package qmap.debug;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import qmap.config.Config;

/** A fix as the config lines that apply it, grouped as in the config file. */
public final class FixYaml {
    private FixYaml() {
    }

    /** The lines to add (run_on_cpu is shown merged with the config's own list, which it replaces). */
    public static List<String> lines(FixSet fix, Config cfg) {
        List<String> out = new ArrayList<>();
        Map<String, String> nodeInfo = nodeInfo(fix);
        if (!nodeInfo.isEmpty()) {
            out.add("model_parameters:");
            out.add("  node_info:");
            nodeInfo.forEach((n, v) -> out.add("    " + n + ": " + v));
        }
        List<String> cpu = fix.cpuNodes();
        if (!cpu.isEmpty() || fix.method().isPresent()) {
            out.add("calibration_parameters:");
        }
        fix.method().ifPresent(m -> methodLines(m).forEach((k, v) -> out.add("  " + k + ": " + v)));
        if (!cpu.isEmpty()) {
            out.add("  run_on_cpu: " + runOnCpuValue(fix, cfg.calibration().runOnCpu()));
        }
        Map<String, FixAction.TensorThreshold> overrides = overrides(fix);
        if (!overrides.isEmpty()) {
            out.add("qmap_parameters:");
            out.add("  tensor_overrides:");
            overrides.values().forEach(t -> out.add("    " + overrideLine(t)));
        }
        return out;
    }

    /** calibration_type (and max_percentile for max) of a model-wide method change, as YAML values. */
    static Map<String, String> methodLines(FixAction.Method m) {
        Map<String, String> kv = new LinkedHashMap<>();
        kv.put("calibration_type", "'" + m.calibrationType() + "'");
        if (m.calibrationType().equals("max") && !Double.isNaN(m.maxPercentile())) {
            kv.put("max_percentile", plain(m.maxPercentile()));
        }
        return kv;
    }

    /** The run_on_cpu value with the config's own nodes first. */
    static String runOnCpuValue(FixSet fix, List<String> configured) {
        Set<String> all = new LinkedHashSet<>(configured);
        all.addAll(fix.cpuNodes());
        return "'" + String.join("; ", all) + "'";
    }

    /** node_info entries by node, as flow mappings. */
    static Map<String, String> nodeInfo(FixSet fix) {
        Map<String, String> m = new LinkedHashMap<>();
        for (FixAction a : fix.actions()) {
            if (a instanceof FixAction.Int16 i) {
                List<String> kv = new ArrayList<>();
                if (i.inputs()) {
                    kv.add("InputType: int16");
                }
                if (i.output()) {
                    kv.add("OutputType: int16");
                }
                m.put(i.node(), "{" + String.join(", ", kv) + "}");
            }
        }
        return m;
    }

    static Map<String, FixAction.TensorThreshold> overrides(FixSet fix) {
        Map<String, FixAction.TensorThreshold> m = new LinkedHashMap<>();
        for (FixAction a : fix.actions()) {
            if (a instanceof FixAction.TensorThreshold t) {
                m.put(t.tensor(), t);
            }
        }
        return m;
    }

    /** {@code 'TENSOR': {calibration_type: max, max_percentile: 0.99}  # NODE output, threshold T (was T0)}. */
    static String overrideLine(FixAction.TensorThreshold t) {
        String value = t.writesPercentile()
                ? String.format(Locale.ROOT, "{calibration_type: %s, max_percentile: %s}", t.calibrationType(),
                        plain(t.maxPercentile()))
                : "{calibration_type: " + t.calibrationType() + "}";
        return String.format(Locale.ROOT, "'%s': %s  # %s %s: threshold %s (was %s)", t.tensor().replace("'", "''"),
                value, t.node(), t.role(), Causes.g(t.threshold()), Causes.g(t.previousThreshold()));
    }

    private static String plain(double v) {
        return java.math.BigDecimal.valueOf(v).stripTrailingZeros().toPlainString();
    }
}
