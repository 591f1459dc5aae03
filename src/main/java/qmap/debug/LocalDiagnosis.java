package qmap.debug;

import qmap.kernels.FastKernels;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Predicate;
import qmap.exec.Similarity;
import qmap.ir.Graph;
import qmap.ir.Node;
import qmap.ir.Tensor;
import qmap.ops.OpRegistry;
import qmap.quant.ActivationQuant;
import qmap.quant.FakeQuant;
import qmap.quant.QuantPlan;
import qmap.quant.WeightQuant;

/**
 * Where a node's own quantization error comes from: the node runs on float inputs with its
 * quantized inputs, weights and output rounded as the plan says (the build's local cosine), and,
 * when that loses anything, with only its output rounded, only its weights, only input k. The
 * part that loses most is the cause.
 */
public final class LocalDiagnosis {
    /** Mean cosines to the float output of the node; NaN where a part is not quantized or not measured. */
    public record NodeLocal(String node, String op, String outputTensor, double all, double outputOnly,
                            double weightsOnly, Map<String, Double> inputs) {
    }

    /** Below this local cosine the parts are measured apart. */
    private static final double BREAKDOWN_BELOW = 0.999;

    private final Graph graph;
    private final QuantPlan plan;
    private final Predicate<Node> onNpu;
    private final Map<String, Map<String, double[]>> acc = new LinkedHashMap<>();
    private final Map<String, Tensor> fakeQuantWeights = new java.util.HashMap<>();

    public LocalDiagnosis(Graph graph, QuantPlan plan, Predicate<Node> onNpu) {
        this.graph = graph;
        this.plan = plan;
        this.onNpu = onNpu;
    }

    /** Adds one sample, from its float run. */
    public void add(Trace floatRun) {
        for (Node n : graph.nodes()) {
            if (!onNpu.test(n) || n.outputs().isEmpty() || !touched(n)) {
                continue;
            }
            Tensor ref = floatRun.values().get(n.output(0));
            if (ref == null || !ref.dtype().isFloatingPoint()) {
                continue;
            }
            double all = cosine(n, floatRun, ref, true, true, null);
            add(n.name(), "all", all);
            if (all >= BREAKDOWN_BELOW) {
                continue;
            }
            if (plan.activations().containsKey(n.output(0))) {
                add(n.name(), "output", cosine(n, floatRun, ref, false, true, null));
            }
            if (n.inputs().stream().anyMatch(plan.weights()::containsKey)) {
                add(n.name(), "weights", cosine(n, floatRun, ref, true, false, ""));
            }
            for (String in : n.inputs()) {
                if (!graph.isConstant(in) && plan.activations().containsKey(in)) {
                    add(n.name(), "input:" + in, cosine(n, floatRun, ref, false, false, in));
                }
            }
        }
    }

    public Map<String, NodeLocal> result() {
        Map<String, NodeLocal> out = new LinkedHashMap<>();
        acc.forEach((node, parts) -> {
            Map<String, Double> inputs = new LinkedHashMap<>();
            parts.forEach((k, v) -> {
                if (k.startsWith("input:")) {
                    inputs.put(k.substring(6), v[0] / v[1]);
                }
            });
            Node n = graph.node(node);
            out.put(node, new NodeLocal(node, n.opType(), n.output(0), mean(parts.get("all")),
                    mean(parts.get("output")), mean(parts.get("weights")), inputs));
        });
        return out;
    }

    private boolean touched(Node n) {
        if (n.outputs().stream().anyMatch(plan.activations()::containsKey)) {
            return true;
        }
        return n.inputs().stream().anyMatch(i -> plan.activations().containsKey(i) || plan.weights().containsKey(i));
    }

    /**
     * @param weights   quantize the weights
     * @param output    round the output
     * @param onlyInput the one activation input to quantize ("" for none), or null to quantize every
     *                  activation input exactly when {@code weights} is set (the whole node)
     */
    private double cosine(Node n, Trace f, Tensor ref, boolean weights, boolean output, String onlyInput) {
        Tensor[] args = new Tensor[n.inputs().size()];
        for (int k = 0; k < args.length; k++) {
            String in = n.input(k);
            if (in.isEmpty()) {
                continue;
            }
            if (graph.isConstant(in)) {
                WeightQuant w = plan.weights().get(in);
                Tensor c = graph.constants().get(in);
                args[k] = weights && w != null ? fakeQuantWeights.computeIfAbsent(in, x -> FakeQuant.apply(c, w)) : c;
            } else {
                Tensor v = f.values().get(in);
                ActivationQuant a = plan.activations().get(in);
                boolean q = a != null && (onlyInput == null ? weights : onlyInput.equals(in));
                args[k] = q ? FakeQuant.apply(v, a) : v;
            }
        }
        Tensor out = FastKernels.registry().find(n.domain(), n.opType()).run(n, args)[0];
        ActivationQuant oq = plan.activations().get(n.output(0));
        if (output && oq != null) {
            out = FakeQuant.apply(out, oq);
        }
        return Similarity.of(out, ref).cosine();
    }

    private void add(String node, String part, double v) {
        double[] a = acc.computeIfAbsent(node, k -> new LinkedHashMap<>()).computeIfAbsent(part, k -> new double[2]);
        a[0] += v;
        a[1]++;
    }

    private static double mean(double[] a) {
        return a == null ? Double.NaN : a[0] / a[1];
    }
}
