package qmap.quant;

import java.util.Collections;
import java.util.Map;
import qmap.ir.Graph;

/**
 * A graph with QuantizeLinear/DequantizeLinear pairs, and for every quantized float tensor the
 * name of the value that carries its dequantized version (for node-by-node comparison).
 */
public record QdqGraph(Graph graph, Map<String, String> dequantizedName) {
    public QdqGraph {
        dequantizedName = Collections.unmodifiableMap(dequantizedName);
    }

    /** The value to compare with float tensor {@code t}: its dequantized version, or itself. */
    public String counterpart(String t) {
        return dequantizedName.getOrDefault(t, t);
    }
}
