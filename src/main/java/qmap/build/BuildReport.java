package qmap.build;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import qmap.quant.ActivationQuant;
import qmap.quant.QuantPlan;
import qmap.quant.WeightQuant;
import qmap.target.CostReport;
import qmap.target.PlacementPlan;

/** The per-node table as text and the {@code _nodes.json} document. */
public final class BuildReport {
    private BuildReport() {
    }

    public static List<String> table(List<NodeRow> rows, Map<String, Double> outputCosine, CostReport cost) {
        int w = "Node".length();
        for (NodeRow r : rows) {
            w = Math.max(w, r.node().length());
        }
        int ow = 4;
        for (NodeRow r : rows) {
            ow = Math.max(ow, r.op().length());
        }
        String fmt = "%-" + w + "s  %-3s  %8s  %-" + ow + "s  %8s  %12s  %10s  %-5s";
        List<String> out = new ArrayList<>();
        out.add(String.format(Locale.ROOT, fmt, "Node", "ON", "Subgraph", "Type", "Cosine", "Local cosine",
                "Threshold", "DType"));
        for (NodeRow r : rows) {
            out.add(String.format(Locale.ROOT, fmt, r.node(), r.on(), r.subgraph() < 0 ? "-" : "id(" + r.subgraph() + ")",
                    r.op(), num(r.cosine(), 6), num(r.localCosine(), 6), num(r.threshold(), 4), r.dtype()));
        }
        out.add("");
        for (Map.Entry<String, Double> e : outputCosine.entrySet()) {
            out.add(String.format(Locale.ROOT, "output %s: cosine %s", e.getKey(), num(e.getValue(), 6)));
        }
        if (cost != null) {
            out.add(String.format(Locale.ROOT, "estimated latency: %.3f ms (NPU %.3f, CPU %.3f, NPU<->CPU switches %.3f, "
                    + "model input/output conversion %.3f) -- %s", cost.totalMs(), cost.npuMs(), cost.cpuMs(),
                    cost.boundaryMs(), cost.modelEdgeMs(), cost.note()));
        }
        return out;
    }

    private static String num(double v, int digits) {
        return Double.isNaN(v) ? "-" : String.format(Locale.ROOT, "%." + digits + "f", v);
    }

    /** The _nodes.json document. */
    public static Map<String, Object> json(String march, String method, List<NodeRow> rows, PlacementPlan placement,
                                           QuantPlan plan, Map<String, Double> outputCosine, CostReport cost,
                                           Map<String, List<String>> nodeOutputs, int samples) {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("march", march);
        doc.put("calibration_method", method);
        doc.put("similarity_samples", samples);
        Map<String, Double> estimatedMs = new LinkedHashMap<>();
        if (cost != null) {
            cost.nodes().forEach(c -> estimatedMs.put(c.name(), c.ms()));
        }
        List<Object> nodes = new ArrayList<>();
        for (NodeRow r : rows) {
            Map<String, Object> n = new LinkedHashMap<>();
            n.put("name", r.node());
            n.put("op", r.op());
            n.put("on", r.on());
            n.put("reason", r.reason());
            n.put("subgraph", r.subgraph());
            n.put("dtype", r.dtype());
            n.put("cosine", finite(r.cosine()));
            n.put("local_cosine", finite(r.localCosine()));
            List<Object> outs = new ArrayList<>();
            for (String o : nodeOutputs.getOrDefault(r.node(), List.of())) {
                ActivationQuant a = plan.activations().get(o);
                Map<String, Object> t = new LinkedHashMap<>();
                t.put("tensor", o);
                if (a != null) {
                    t.put("dtype", a.dtype().onnxName());
                    t.put("threshold", a.threshold());
                    t.put("scale", a.scale());
                    t.put("method", a.method());
                }
                outs.add(t);
            }
            n.put("outputs", outs);
            if (estimatedMs.containsKey(r.node())) {
                n.put("estimated_ms", estimatedMs.get(r.node()));
            }
            nodes.add(n);
        }
        doc.put("nodes", nodes);
        doc.put("inputs", quantizedInputs(plan, nodeOutputs));
        List<Object> weights = new ArrayList<>();
        for (WeightQuant w : plan.weights().values()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("tensor", w.tensor());
            m.put("dtype", w.dtype().onnxName());
            m.put("axis", w.axis());
            m.put("scales", w.scales());
            weights.add(m);
        }
        doc.put("weights", weights);
        Map<String, Object> outs = new LinkedHashMap<>();
        outputCosine.forEach((k, v) -> outs.put(k, finite(v)));
        doc.put("output_cosine", outs);
        if (cost != null) {
            Map<String, Object> lat = new LinkedHashMap<>();
            lat.put("total_ms", cost.totalMs());
            lat.put("npu_ms", cost.npuMs());
            lat.put("cpu_ms", cost.cpuMs());
            lat.put("switch_ms", cost.boundaryMs());
            lat.put("model_io_ms", cost.modelEdgeMs());
            lat.put("note", cost.note());
            doc.put("estimated_latency", lat);
        }
        doc.put("subgraphs", placement.subgraphs().size());
        return doc;
    }

    /**
     * Quantized tensors no node produces (graph inputs, e.g. a float feature map), so that their
     * threshold and method, tensor_overrides included, are recorded like node outputs.
     */
    private static List<Object> quantizedInputs(QuantPlan plan, Map<String, List<String>> nodeOutputs) {
        java.util.Set<String> produced = new java.util.HashSet<>();
        nodeOutputs.values().forEach(produced::addAll);
        List<Object> out = new ArrayList<>();
        for (ActivationQuant a : plan.activations().values()) {
            if (!produced.contains(a.tensor())) {
                Map<String, Object> t = new LinkedHashMap<>();
                t.put("tensor", a.tensor());
                t.put("dtype", a.dtype().onnxName());
                t.put("threshold", a.threshold());
                t.put("scale", a.scale());
                t.put("method", a.method());
                out.add(t);
            }
        }
        return out;
    }

    private static Object finite(double v) {
        return Double.isNaN(v) ? null : v;
    }
}
