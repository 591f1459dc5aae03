package qmap.debug;

import qmap.kernels.FastKernels;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import qmap.exec.ExecutionException;
import qmap.ir.Graph;
import qmap.ir.Node;
import qmap.ir.Tensor;
import qmap.ir.ValueInfo;
import qmap.ops.OpRegistry;
import qmap.ops.Operator;
import qmap.quant.ActivationQuant;
import qmap.quant.FakeQuant;
import qmap.quant.QuantPlan;
import qmap.quant.WeightQuant;

/**
 * Runs a float graph with a {@link QuantPlan} applied as hooks around the float kernels: each
 * graph input and node output the plan quantizes is fake-quantized (QuantizeLinear then
 * DequantizeLinear, {@link FakeQuant}) before any node reads it, and quantized weights are read in
 * their fake-quantized form. This is the build's calibrated model without writing one.
 *
 * <p>{@link #rerun} repeats a recorded run under another plan and runs again only the nodes whose
 * inputs or weights differ; a tensor whose new value equals the recorded one stops the wave. Trying
 * one tensor's quantization therefore costs the cone below it, not the whole model.
 */
public final class QuantSimulator {
    private final Graph graph;
    private final Operator[] operators;
    /** For node i, the values a rerun may drop after it (their last reader; graph outputs kept). */
    private final List<List<String>> releaseAfter;
    /** Fake-quantized weights by tensor and scales, computed once per simulator. */
    private final Map<String, Tensor> weightCache = new HashMap<>();

    public QuantSimulator(Graph graph) {
        this.graph = graph;
        this.operators = new Operator[graph.nodes().size()];
        for (int i = 0; i < operators.length; i++) {
            Node n = graph.nodes().get(i);
            operators[i] = Objects.requireNonNull(FastKernels.registry().find(n.domain(), n.opType()),
                    () -> "no kernel for " + n.describe());
        }
        this.releaseAfter = lastUses(graph);
    }

    private static List<List<String>> lastUses(Graph g) {
        Map<String, Integer> last = new HashMap<>();
        for (int i = 0; i < g.nodes().size(); i++) {
            for (String in : g.nodes().get(i).inputs()) {
                last.put(in, i);
            }
        }
        g.outputs().forEach(o -> last.remove(o.name()));
        List<List<String>> out = new ArrayList<>();
        g.nodes().forEach(n -> out.add(new ArrayList<>()));
        last.forEach((v, i) -> out.get(i).add(v));
        return out;
    }

    public Graph graph() {
        return graph;
    }

    /** A full run of one sample under {@code plan}, keeping every tensor. */
    public Trace run(Map<String, Tensor> sample, QuantPlan plan) {
        Map<String, Tensor> values = new HashMap<>();
        Map<String, Tensor> raw = new HashMap<>();
        for (ValueInfo in : graph.inputs()) {
            store(in.name(), sample.get(in.name()), plan, values, raw);
        }
        for (int i = 0; i < operators.length; i++) {
            Node n = graph.nodes().get(i);
            Tensor[] out = runNode(i, n, args(n, values, Map.of(), plan));
            for (int k = 0; k < n.outputs().size() && k < out.length; k++) {
                if (!n.output(k).isEmpty() && out[k] != null) {
                    store(n.output(k), out[k], plan, values, raw);
                }
            }
        }
        return new Trace(plan, values, raw);
    }

    /** The graph outputs of {@code base}'s sample under {@code plan}, running only what differs. */
    public Map<String, Tensor> rerun(Trace base, QuantPlan plan) {
        Map<String, Tensor> changed = new HashMap<>();
        for (ValueInfo in : graph.inputs()) {
            requantize(in.name(), base, plan, changed);
        }
        for (int i = 0; i < operators.length; i++) {
            Node n = graph.nodes().get(i);
            if (!mustRun(n, base.plan(), plan, changed)) {
                n.outputs().forEach(o -> requantize(o, base, plan, changed));
                releaseAfter.get(i).forEach(changed::remove);
                continue;
            }
            Tensor[] out = runNode(i, n, args(n, base.values(), changed, plan));
            for (int k = 0; k < n.outputs().size() && k < out.length; k++) {
                String o = n.output(k);
                if (o.isEmpty() || out[k] == null) {
                    continue;
                }
                Tensor v = quantize(out[k], plan.activations().get(o));
                if (!sameValue(v, base.values().get(o))) {
                    changed.put(o, v);
                }
            }
            releaseAfter.get(i).forEach(changed::remove);
        }
        Map<String, Tensor> outputs = new LinkedHashMap<>();
        for (ValueInfo o : graph.outputs()) {
            outputs.put(o.name(), changed.getOrDefault(o.name(), base.values().get(o.name())));
        }
        return outputs;
    }

    /** The graph outputs of a trace, by name in graph order. */
    public Map<String, Tensor> outputs(Trace t) {
        Map<String, Tensor> outputs = new LinkedHashMap<>();
        for (ValueInfo o : graph.outputs()) {
            outputs.put(o.name(), t.values().get(o.name()));
        }
        return outputs;
    }

    private boolean mustRun(Node n, QuantPlan before, QuantPlan after, Map<String, Tensor> changed) {
        for (String in : n.inputs()) {
            if (changed.containsKey(in) || graph.isConstant(in)
                    && (!sameWeight(before.weights().get(in), after.weights().get(in))
                    || before.constants().get(in) != after.constants().get(in))) {
                return true;
            }
        }
        return false;
    }

    /** A tensor whose producer did not run again: only its own quantization may differ. */
    private static void requantize(String t, Trace base, QuantPlan plan, Map<String, Tensor> changed) {
        if (t.isEmpty() || !base.values().containsKey(t)) {
            return;
        }
        ActivationQuant now = plan.activations().get(t);
        if (sameQuant(base.plan().activations().get(t), now)) {
            return;
        }
        Tensor v = quantize(base.rawValue(t), now);
        if (!sameValue(v, base.values().get(t))) {
            changed.put(t, v);
        }
    }

    private Tensor[] args(Node n, Map<String, Tensor> values, Map<String, Tensor> changed, QuantPlan plan) {
        Tensor[] args = new Tensor[n.inputs().size()];
        for (int k = 0; k < args.length; k++) {
            String name = n.input(k);
            if (name.isEmpty()) {
                continue;
            }
            if (graph.isConstant(name)) {
                args[k] = plan.constants().containsKey(name) ? plan.constants().get(name)
                        : weight(name, plan.weights().get(name));
            } else {
                args[k] = changed.containsKey(name) ? changed.get(name) : values.get(name);
                if (args[k] == null) {
                    throw new ExecutionException("node " + n.describe() + ": input '" + name + "' has no value", null);
                }
            }
        }
        return args;
    }

    private Tensor weight(String name, WeightQuant w) {
        Tensor c = graph.constants().get(name);
        if (w == null) {
            return c;
        }
        String key = name + "|" + w.dtype() + "|" + w.axis() + "|" + Arrays.toString(w.scales());
        return weightCache.computeIfAbsent(key, k -> FakeQuant.apply(c, w));
    }

    private Tensor[] runNode(int i, Node n, Tensor[] args) {
        try {
            return operators[i].run(n, args);
        } catch (IllegalArgumentException e) {
            throw new ExecutionException("node " + n.describe() + ": " + e.getMessage(), e);
        }
    }

    private static void store(String name, Tensor value, QuantPlan plan, Map<String, Tensor> values,
                              Map<String, Tensor> raw) {
        ActivationQuant a = plan.activations().get(name);
        if (a == null) {
            values.put(name, value);
        } else {
            raw.put(name, value);
            values.put(name, quantize(value, a));
        }
    }

    static Tensor quantize(Tensor v, ActivationQuant a) {
        return a == null ? v : FakeQuant.apply(v, a);
    }

    static boolean sameQuant(ActivationQuant a, ActivationQuant b) {
        if (a == null || b == null) {
            return a == b;
        }
        return a.dtype() == b.dtype() && a.scale() == b.scale();
    }

    static boolean sameWeight(WeightQuant a, WeightQuant b) {
        if (a == null || b == null) {
            return a == b;
        }
        return a.dtype() == b.dtype() && a.axis() == b.axis() && Arrays.equals(a.scales(), b.scales());
    }

    private static boolean sameValue(Tensor a, Tensor b) {
        return a == b || b != null && a.dtype() == b.dtype() && Arrays.equals(a.shape(), b.shape())
                && Objects.deepEquals(a.values(), b.values());
    }
}
