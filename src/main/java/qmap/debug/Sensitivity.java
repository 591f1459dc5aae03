package qmap.debug;

import java.util.Map;

/**
 * How much the model outputs depend on the quantization of one node's activations or weights:
 * each output's mean cosine to the float model with only that part quantized (everything else
 * float) and with everything but that part quantized, and, for collapsed outputs, the spread.
 *
 * @param node    the node (for a graph input, the input's name)
 * @param kind    activations (the node's quantized outputs) or weights (its quantized constants)
 * @param tensors the tensors this entry quantizes
 */
public record Sensitivity(String node, String op, Kind kind, java.util.List<String> tensors,
                          Map<String, Double> onlyThis, Map<String, Double> allBut,
                          Map<String, Double> onlyThisSpread, Map<String, Double> allButSpread) {
    public enum Kind { ACTIVATION, WEIGHT }

    /** The lowest output cosine with only this part quantized. */
    public double worstOnlyThis() {
        return worst(onlyThis);
    }

    /** The lowest output cosine with everything but this part quantized. */
    public double worstAllBut() {
        return worst(allBut);
    }

    static double worst(Map<String, Double> m) {
        double w = 1;
        for (double v : m.values()) {
            w = Math.min(w, v);
        }
        return w;
    }
}
