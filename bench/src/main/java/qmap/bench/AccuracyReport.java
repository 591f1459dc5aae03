package qmap.bench;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Prints the accuracy tables: qmap float vs int8 per task and metric, the cross-checks, the ORT baselines, times. */
public final class AccuracyReport {
    /** One variant's figures on one task, or why it has none (error not null, metrics empty). */
    public record VariantResult(LinkedHashMap<String, Double> metrics, String counts, double seconds, String error) {
        public static VariantResult failed(String error) {
            return new VariantResult(new LinkedHashMap<>(), "-", 0, error);
        }
    }

    /** One task's build and variants. */
    public record TaskResult(OcrTask task, int samples, double buildSeconds, String method,
                             Map<Variant, VariantResult> variants) {
    }

    private AccuracyReport() {
    }

    public static void print(PrintStream out, List<TaskResult> results, Baselines baselines) {
        out.println();
        out.println("Task accuracy on ocr-bench eval/ (drop = int8 - float, in points; float and int8 are qmap's "
                + "original float and quantized models fed uint8 BGR with 128 padding)");
        row(out, "%-4s %-17s %5s %10s %10s %10s %8s %10s %10s %10s", "task", "metric", "n", "user float", "float",
                "int8", "drop", "int8 ORT", "ORT noopt", "user ORT");
        for (TaskResult r : results) {
            for (String metric : metricNames(r)) {
                double f = value(r, Variant.FLOAT, metric);
                double q = value(r, Variant.INT8, metric);
                row(out, "%-4s %-17s %5d %10s %10s %10s %8s %10s %10s %10s", r.task().id(), metric, r.samples(),
                        fmt(value(r, Variant.USER_FLOAT, metric)), fmt(f), fmt(q), points(q - f),
                        fmt(value(r, Variant.INT8_ORT, metric)), fmt(value(r, Variant.INT8_ORT_NOOPT, metric)),
                        fmt(value(r, Variant.USER_FLOAT_ORT, metric)));
            }
        }
        out.println();
        out.println("Counts (correct/total; det: P matched/detections, R matched/ground truth)");
        for (TaskResult r : results) {
            StringBuilder sb = new StringBuilder(String.format(Locale.ROOT, "%-4s", r.task().id()));
            r.variants().forEach((v, res) -> sb.append("  ").append(v.key()).append(": ").append(res.counts()));
            out.println(sb);
        }
        for (TaskResult r : results) {
            r.variants().forEach((v, res) -> {
                if (res.error() != null) {
                    out.println(r.task().id() + " " + v.key() + " failed: " + res.error());
                }
            });
        }
        out.println();
        out.println("ONNX Runtime quantize_static baselines (ref/baseline_results.json, full eval sets; "
                + "QDQ, int8 activations per-tensor, weights per-channel; drop vs their float, in points)");
        List<String> heads = new ArrayList<>(List.of("task", "metric"));
        Baselines.METHODS.forEach(m -> heads.add(m[0]));
        row(out, "%-4s %-17s %10s %16s %16s %16s", heads.toArray());
        for (TaskResult r : results) {
            for (String metric : metricNames(r)) {
                String key = r.task().baselineKey(metric);
                double base = baselines.value(r.task().id(), "float", key);
                List<Object> cells = new ArrayList<>(List.of(r.task().id(), metric, fmt(base)));
                for (String[] m : Baselines.METHODS.subList(1, Baselines.METHODS.size())) {
                    double v = baselines.value(r.task().id(), m[1], key);
                    cells.add(fmt(v) + " (" + points(v - base) + ")");
                }
                row(out, "%-4s %-17s %10s %16s %16s %16s", cells.toArray());
            }
        }
        out.println();
        out.println("Time (seconds; build = qmap BuildJob incl. calibration)");
        for (TaskResult r : results) {
            StringBuilder sb = new StringBuilder(String.format(Locale.ROOT, "%-4s build %.0f (%s)", r.task().id(),
                    r.buildSeconds(), r.method()));
            r.variants().forEach((v, res) -> sb.append(res.error() != null ? ", " + v.key() + " failed"
                    : String.format(Locale.ROOT, ", %s %.0f (%.0f ms/sample)", v.key(), res.seconds(),
                    1000 * res.seconds() / r.samples())));
            out.println(sb);
        }
    }

    private static List<String> metricNames(TaskResult r) {
        for (VariantResult v : r.variants().values()) {
            if (v.error() == null) {
                return new ArrayList<>(v.metrics().keySet());
            }
        }
        return List.of();
    }

    private static double value(TaskResult r, Variant v, String metric) {
        VariantResult res = r.variants().get(v);
        return res == null ? Double.NaN : res.metrics().getOrDefault(metric, Double.NaN);
    }

    private static String fmt(double v) {
        return Double.isNaN(v) ? "-" : String.format(Locale.ROOT, "%.4f", v);
    }

    private static String points(double d) {
        return Double.isNaN(d) ? "-" : String.format(Locale.ROOT, "%+.2f", 100 * d);
    }

    private static void row(PrintStream out, String format, Object... cells) {
        out.println(String.format(Locale.ROOT, format, cells));
    }
}
