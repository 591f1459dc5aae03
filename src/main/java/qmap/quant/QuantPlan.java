package qmap.quant;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import qmap.ir.Tensor;

/**
 * The quantization recipe of a graph: which activation tensors and which weights are
 * quantized and how; biases of quantized Conv/Gemm become int32 at scale s_in * s_w;
 * {@code constants} are float values the quantized model uses instead of the graph's own
 * (biases corrected for the quantized model's mean error, {@link BiasCorrection}).
 * Iteration order is the graph's order, so everything written from a plan is deterministic.
 */
public record QuantPlan(Map<String, ActivationQuant> activations, Map<String, WeightQuant> weights,
                        Map<String, BiasQuant> biases, Map<String, Tensor> constants) {
    /**
     * A bias quantized to int32 with per-channel {@code scales} (input scale times weight scale),
     * for every reader, or for the one node {@code consumer} when readers of a shared bias have
     * different input scales (each gets its own int32 copy).
     */
    public record BiasQuant(String tensor, float[] scales, String consumer) {
        public BiasQuant(String tensor, float[] scales) {
            this(tensor, scales, "");
        }
    }

    public QuantPlan {
        activations = Collections.unmodifiableMap(new LinkedHashMap<>(activations));
        weights = Collections.unmodifiableMap(new LinkedHashMap<>(weights));
        biases = Collections.unmodifiableMap(new LinkedHashMap<>(biases));
        constants = Collections.unmodifiableMap(new LinkedHashMap<>(constants));
    }

    /** A plan that keeps the graph's constants. */
    public QuantPlan(Map<String, ActivationQuant> activations, Map<String, WeightQuant> weights,
                     Map<String, BiasQuant> biases) {
        this(activations, weights, biases, Map.of());
    }

    /** The same plan with {@code replaced} constants (added to, and winning over, the present ones). */
    public QuantPlan withConstants(Map<String, Tensor> replaced) {
        Map<String, Tensor> c = new LinkedHashMap<>(constants);
        c.putAll(replaced);
        return new QuantPlan(activations, weights, biases, c);
    }
}
