package qmap.debug;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import qmap.quant.ActivationQuant;
import qmap.quant.QuantPlan;
import qmap.quant.WeightQuant;

/** Parts of a quantization plan: nothing, only some tensors, all but one. */
final class Plans {
    static final QuantPlan FLOAT = new QuantPlan(Map.of(), Map.of(), Map.of());

    private Plans() {
    }

    /** The plan restricted to the given activation tensors and weights (float biases: no correction). */
    static QuantPlan only(QuantPlan plan, Set<String> activations, Set<String> weights) {
        Map<String, ActivationQuant> a = new LinkedHashMap<>();
        Map<String, WeightQuant> w = new LinkedHashMap<>();
        plan.activations().forEach((k, v) -> {
            if (activations.contains(k)) {
                a.put(k, v);
            }
        });
        plan.weights().forEach((k, v) -> {
            if (weights.contains(k)) {
                w.put(k, v);
            }
        });
        return new QuantPlan(a, w, Map.of());
    }

    /** The plan without the given activation tensors and weights. */
    static QuantPlan without(QuantPlan plan, Set<String> activations, Set<String> weights) {
        Map<String, ActivationQuant> a = new LinkedHashMap<>(plan.activations());
        Map<String, WeightQuant> w = new LinkedHashMap<>(plan.weights());
        activations.forEach(a::remove);
        weights.forEach(w::remove);
        return new QuantPlan(a, w, plan.biases(), plan.constants());
    }
}
