package qmap.debug;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.IntFunction;
import qmap.ir.Graph;
import qmap.ir.Node;
import qmap.ir.Tensor;
import qmap.ir.ValueInfo;
import qmap.quant.QuantPlan;

/**
 * Sensitivity of every quantized node, activations and weights apart: for each, the model runs
 * with only that part quantized (from the float run) and with all but that part quantized (from
 * the fully quantized run), both by {@link QuantSimulator#rerun}, on every sample.
 */
public final class SensitivityAnalysis {
    private record Part(String node, String op, Sensitivity.Kind kind, List<String> tensors, QuantPlan only,
                        QuantPlan allBut) {
    }

    private final QuantSimulator sim;
    private final QuantPlan plan;
    private final Set<String> spreadOf;

    /** @param spreadOf outputs whose spread is tracked too (the collapsed ones) */
    public SensitivityAnalysis(QuantSimulator sim, QuantPlan plan, Set<String> spreadOf) {
        this.sim = sim;
        this.plan = plan;
        this.spreadOf = spreadOf;
    }

    public List<Sensitivity> run(IntFunction<Map<String, Tensor>> samples, int count, Consumer<String> progress) {
        List<Part> parts = parts(sim.graph());
        List<OutputAccumulator> only = new ArrayList<>();
        List<OutputAccumulator> allBut = new ArrayList<>();
        for (int i = 0; i < parts.size(); i++) {
            only.add(new OutputAccumulator(spreadOf));
            allBut.add(new OutputAccumulator(spreadOf));
        }
        long t0 = System.nanoTime();
        for (int s = 0; s < count; s++) {
            Map<String, Tensor> sample = samples.apply(s);
            Trace f = sim.run(sample, Plans.FLOAT);
            Trace q = sim.run(sample, plan);
            Map<String, Tensor> ref = sim.outputs(f);
            for (int i = 0; i < parts.size(); i++) {
                only.get(i).add(sim.rerun(f, parts.get(i).only()), ref);
                allBut.get(i).add(sim.rerun(q, parts.get(i).allBut()), ref);
            }
            progress.accept(String.format("sensitivity: sample %d/%d, %d parts (%.1f s)", s + 1, count, parts.size(),
                    (System.nanoTime() - t0) / 1e9));
        }
        List<Sensitivity> out = new ArrayList<>();
        for (int i = 0; i < parts.size(); i++) {
            Part p = parts.get(i);
            out.add(new Sensitivity(p.node(), p.op(), p.kind(), p.tensors(), only.get(i).cosine(),
                    allBut.get(i).cosine(), only.get(i).spread(), allBut.get(i).spread()));
        }
        return out;
    }

    /** One activation part per quantized graph input and node output set, one weight part per node with weights. */
    private List<Part> parts(Graph g) {
        List<Part> parts = new ArrayList<>();
        for (ValueInfo in : g.inputs()) {
            if (plan.activations().containsKey(in.name())) {
                parts.add(part(in.name(), "input", Sensitivity.Kind.ACTIVATION, List.of(in.name())));
            }
        }
        Set<String> seenWeights = new LinkedHashSet<>();
        for (Node n : g.nodes()) {
            List<String> acts = new ArrayList<>();
            n.outputs().stream().filter(plan.activations()::containsKey).forEach(acts::add);
            if (!acts.isEmpty()) {
                parts.add(part(n.name(), n.opType(), Sensitivity.Kind.ACTIVATION, acts));
            }
            List<String> ws = new ArrayList<>();
            for (String in : n.inputs()) {
                if (plan.weights().containsKey(in) && seenWeights.add(in)) {
                    ws.add(in);
                }
            }
            if (!ws.isEmpty()) {
                parts.add(part(n.name(), n.opType(), Sensitivity.Kind.WEIGHT, ws));
            }
        }
        return parts;
    }

    private Part part(String node, String op, Sensitivity.Kind kind, List<String> tensors) {
        Set<String> t = new LinkedHashSet<>(tensors);
        Set<String> none = Set.of();
        boolean act = kind == Sensitivity.Kind.ACTIVATION;
        return new Part(node, op, kind, tensors, Plans.only(plan, act ? t : none, act ? none : t),
                Plans.without(plan, act ? t : none, act ? none : t));
    }

    /** Most sensitive first: lowest output cosine with only this part quantized, then highest gain without it. */
    public static List<Sensitivity> ranked(List<Sensitivity> all) {
        List<Sensitivity> r = new ArrayList<>(all);
        r.sort((a, b) -> {
            int c = Double.compare(a.worstOnlyThis(), b.worstOnlyThis());
            return c != 0 ? c : Double.compare(b.worstAllBut(), a.worstAllBut());
        });
        return r;
    }

    /** Entries by node name and kind, for tables. */
    public static Map<String, Sensitivity> byNode(List<Sensitivity> all, Sensitivity.Kind kind) {
        Map<String, Sensitivity> m = new LinkedHashMap<>();
        all.stream().filter(s -> s.kind() == kind).forEach(s -> m.put(s.node(), s));
        return m;
    }
}
