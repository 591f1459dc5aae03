package qmap.debug;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import qmap.io.AtomicFiles;

/**
 * The debug report as one self-contained HTML page (inline CSS, SVG and script; nothing is
 * fetched): the outputs before and after the fix, the fix and its config lines, the flagged nodes
 * with their causes and a histogram of each flagged tensor, and the sortable per-node table.
 */
public final class HtmlReport {
    private static final String CSS = """
            body{font:14px/1.4 system-ui,sans-serif;margin:24px;color:#222;max-width:1400px}
            h1{font-size:20px}h2{font-size:17px;margin-top:28px;border-bottom:1px solid #ddd}
            table{border-collapse:collapse;font-size:12.5px}td,th{border:1px solid #ddd;padding:3px 6px}
            th{background:#f3f3f3;cursor:pointer;position:sticky;top:0}td.n{text-align:right;font-family:monospace}
            tr.flag td{background:#fff4e0}.bad{color:#c0392b;font-weight:bold}.ok{color:#1e8449}
            pre{background:#f7f7f7;padding:8px;border:1px solid #ddd}.cause{font-family:monospace;font-size:12.5px}
            .note{color:#666;font-size:12px}
            """;
    private static final String SCRIPT = """
            function sortTable(th){const t=th.closest('table'),i=[...th.parentNode.children].indexOf(th);
            const asc=th.dataset.asc!=='1';th.dataset.asc=asc?'1':'0';const b=t.tBodies[0];
            const rows=[...b.rows];const v=r=>{const s=r.cells[i].dataset.v??r.cells[i].textContent;
            const x=parseFloat(s);return isNaN(x)?s:x};
            rows.sort((a,c)=>{const x=v(a),y=v(c);const r=(typeof x==='number'&&typeof y==='number')?x-y:
            String(x).localeCompare(String(y));return asc?r:-r});rows.forEach(r=>b.appendChild(r));}
            document.querySelectorAll('table.sortable th').forEach(th=>th.addEventListener('click',()=>sortTable(th)));
            """;

    private HtmlReport() {
    }

    /** Writes DIR/index.html and returns its path. */
    public static Path write(DebugReport r, Path dir) {
        try {
            Files.createDirectories(dir);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        Path file = dir.resolve("index.html");
        AtomicFiles.write(file, html(r).getBytes(StandardCharsets.UTF_8));
        return file;
    }

    static String html(DebugReport r) {
        StringBuilder s = new StringBuilder();
        s.append("<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'><title>qmap debug: ")
                .append(esc(r.config().getFileName().toString())).append("</title><style>").append(CSS)
                .append("</style></head><body>");
        s.append("<h1>qmap debug: ").append(esc(r.config().toString())).append("</h1>");
        s.append(String.format(Locale.ROOT, "<p>%s, calibration %s, %d calibration samples, target cosine %s.</p>",
                esc(r.march()), esc(r.method()), r.samples(), r.targetCosine()));
        outputs(r, s);
        fix(r, s);
        findings(r, s);
        nodes(r, s);
        tried(r, s);
        s.append("<p class='note'>Cosines are means over the samples of the per-sample cosine to the float model. "
                + "Spread: the standard deviation of each output element across samples, averaged over elements; an "
                + "output whose spread is below 10% of the float model's is collapsed. Latencies are estimates of the "
                + "target's static cost model, not measurements.</p>");
        s.append("<script>").append(SCRIPT).append("</script></body></html>\n");
        return s.toString();
    }

    private static void outputs(DebugReport r, StringBuilder s) {
        FixSearch.Result fx = r.fix();
        s.append("<h2>Outputs</h2><table><thead><tr><th>output</th><th>cosine as configured</th><th>cosine with fix</th>"
                + "<th>spread (float)</th><th>spread as configured</th><th>spread with fix</th><th></th></tr></thead><tbody>");
        // with bias correction, 'as configured' is the built model: compare with the fix as built too
        Evaluation fixed = fx.builtFixed() != null ? fx.builtFixed() : fx.best();
        for (DebugReport.OutputFigures o : r.outputs()) {
            double after = fixed.cosine().get(o.name());
            Double ratio = fixed.spreadRatio().get(o.name());
            s.append("<tr><td>").append(esc(o.name())).append("</td>").append(num(o.cosine(), r.targetCosine()))
                    .append(num(after, r.targetCosine()))
                    .append(td(Causes.g(o.floatSpread()))).append(td(Causes.g(o.quantSpread()) + " ("
                            + Causes.pct(Collapse.ratio(o.quantSpread(), o.floatSpread())) + ")"))
                    .append(td(ratio == null ? "-" : Causes.pct(ratio) + " of float"))
                    .append("<td>").append(o.collapsed() ? "<span class='bad'>collapsed</span>" : "").append("</td></tr>");
        }
        s.append("</tbody></table>");
    }

    private static void fix(DebugReport r, StringBuilder s) {
        FixSearch.Result fx = r.fix();
        s.append("<h2>Fix</h2>");
        if (fx.best().fix().isEmpty()) {
            s.append(fx.reached() ? "<p class='ok'>Every output already reaches the target: no fix needed.</p>"
                    : "<p class='bad'>No action improved the outputs.</p>");
        } else {
            s.append(fx.reached() ? "<p class='ok'>Cheapest fix (by estimated latency) that brings every output to the "
                    + "target:</p>" : String.format(Locale.ROOT, "<p class='bad'>Nothing reaches the target; the best "
                    + "reachable worst-output cosine is %.6f, with:</p>", fx.best().worstCosine()));
            s.append("<ul>");
            fx.best().fix().actions().forEach(a -> s.append("<li>").append(esc(a.describe())).append("</li>"));
            s.append("</ul>");
            if (!fx.survivesBiasCorrection()) {
                s.append(String.format(Locale.ROOT, "<p class='bad'>With biases corrected as the build corrects them, "
                        + "the worst output cosine goes %.6f -> %.6f: bias correction alone recovers as much cosine as "
                        + "the fix; the task metric decides.</p>", fx.built().worstCosine(), fx.builtFixed().worstCosine()));
            }
        }
        s.append(String.format(Locale.ROOT, "<p>Estimated latency: <b>%.3f ms</b> with the fix, %.3f ms as configured",
                fx.best().latencyMs(), fx.unfixed().latencyMs()));
        if (fx.culpritsOnCpu() != null) {
            s.append(String.format(Locale.ROOT, "; every flagged node on the CPU instead (%s): %.3f ms, worst output "
                    + "cosine %.6f", esc(String.join(", ", fx.culpritsOnCpu().fix().cpuNodes())),
                    fx.culpritsOnCpu().latencyMs(), fx.culpritsOnCpu().worstCosine()));
        }
        s.append(".</p>");
        if (!r.fixYaml().isEmpty()) {
            s.append("<p>Config lines to add").append(r.fixedConfig() != null ? " (written to <code>"
                    + esc(r.fixedConfig().toString()) + "</code>)" : "").append(":</p><pre>");
            r.fixYaml().forEach(l -> s.append(esc(l)).append('\n'));
            s.append("</pre>");
        }
    }

    private static void findings(DebugReport r, StringBuilder s) {
        s.append("<h2>Flagged nodes</h2>");
        if (r.findings().isEmpty()) {
            s.append("<p>None.</p>");
        }
        for (DebugReport.Finding f : r.findings()) {
            s.append("<h3 id='").append(esc(f.culprit().node())).append("'>").append(esc(f.culprit().node()))
                    .append(" (").append(esc(f.culprit().op())).append(")</h3>");
            s.append("<p class='cause'>").append(esc(f.cause())).append("</p><ul>");
            f.culprit().reasons().forEach(x -> s.append("<li>").append(esc(x)).append("</li>"));
            s.append("</ul>");
            for (String t : f.culprit().tensors()) {
                DebugReport.TensorHistogram h = r.histograms().get(t);
                if (h != null) {
                    s.append(String.format(Locale.ROOT, "<p class='note'>%s of %s (tensor %s): threshold %s, scale %s</p>",
                            h.role(), esc(h.node()), esc(t), Causes.g(h.threshold()), Causes.g(h.scale())));
                    s.append(HistogramSvg.of(h));
                }
            }
        }
    }

    private static void nodes(DebugReport r, StringBuilder s) {
        Map<String, Integer> rank = new HashMap<>();
        int k = 0;
        for (Sensitivity x : r.ranked()) {
            rank.merge(x.node(), ++k, Math::min);
        }
        s.append("<h2>Every quantized node</h2><p class='note'>Click a header to sort. Only this / all but: the worst "
                + "output cosine with only this node's activations (or weights) quantized, and with everything but them "
                + "quantized. Local: this node alone quantized on float inputs. Shares are of the node's output "
                + "values over the calibration set.</p>");
        s.append("<table class='sortable'><thead><tr><th>rank</th><th>node</th><th>op</th><th>on</th>"
                + "<th>act. only this</th><th>act. all but</th><th>weights only this</th><th>weights all but</th>"
                + "<th>local</th><th>threshold</th><th>scale</th><th>method</th><th>median |x|</th><th>99.99% |x|</th>"
                + "<th>max |x|</th><th>code 0</th><th>code 0/±1</th><th>clipped</th></tr></thead><tbody>");
        java.util.List<DebugReport.NodeFigures> rows = new java.util.ArrayList<>(r.nodes());
        rows.sort(Comparator.comparingInt(n -> rank.getOrDefault(n.node(), 9999)));
        for (DebugReport.NodeFigures n : rows) {
            TensorDistribution d = n.output();
            s.append(n.flagged() ? "<tr class='flag'>" : "<tr>");
            s.append(td(String.valueOf(rank.getOrDefault(n.node(), 9999)), "n"));
            s.append(n.flagged() ? "<td><a href='#" + esc(n.node()) + "'>" + esc(n.node()) + "</a></td>" : td(n.node()));
            s.append(td(n.op())).append(td(n.unit()));
            s.append(cos(n.activations() == null ? Double.NaN : n.activations().worstOnlyThis()));
            s.append(cos(n.activations() == null ? Double.NaN : n.activations().worstAllBut()));
            s.append(cos(n.weights() == null ? Double.NaN : n.weights().worstOnlyThis()));
            s.append(cos(n.weights() == null ? Double.NaN : n.weights().worstAllBut()));
            s.append(cos(n.local() == null ? Double.NaN : n.local().all()));
            if (d == null) {
                s.append("<td></td>".repeat(9));
            } else {
                s.append(td(Causes.g(d.threshold()), "n")).append(td(Causes.g(d.scale()), "n")).append(td(d.method()))
                        .append(td(Causes.g(d.p50()), "n")).append(td(Causes.g(d.p9999()), "n"))
                        .append(td(Causes.g(Math.max(-d.min(), d.max())), "n")).append(share(d.zeroCode()))
                        .append(share(d.zeroOrOneCode())).append(share(d.clipped()));
            }
            s.append("</tr>");
        }
        s.append("</tbody></table>");
    }

    private static void tried(DebugReport r, StringBuilder s) {
        if (r.fix().singleActions().isEmpty()) {
            return;
        }
        s.append("<h2>Single actions tried</h2><table class='sortable'><thead><tr><th>action</th>"
                + "<th>worst output cosine</th><th>estimated ms</th></tr></thead><tbody>");
        r.fix().singleActions().stream().sorted(Comparator.comparingDouble(Evaluation::worstCosine).reversed())
                .forEach(e -> s.append("<tr>").append(td(e.fix().toString())).append(cos(e.worstCosine()))
                        .append(td(String.format(Locale.ROOT, "%.3f", e.latencyMs()), "n")).append("</tr>"));
        s.append("</tbody></table>");
    }

    private static String num(double c, double target) {
        return String.format(Locale.ROOT, "<td class='n %s'>%.6f</td>", c >= target ? "ok" : "bad", c);
    }

    private static String cos(double c) {
        return Double.isNaN(c) ? "<td data-v='2'></td>" : String.format(Locale.ROOT, "<td class='n'>%.6f</td>", c);
    }

    private static String share(double v) {
        return String.format(Locale.ROOT, "<td class='n' data-v='%s'>%s</td>", v, Causes.pct(v));
    }

    private static String td(String v) {
        return "<td>" + esc(v) + "</td>";
    }

    private static String td(String v, String cls) {
        return "<td class='" + cls + "'>" + esc(v) + "</td>";
    }

    static String esc(String v) {
        return v.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("'", "&#39;")
                .replace("\"", "&quot;");
    }
}
