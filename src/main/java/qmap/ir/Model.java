package qmap.ir;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A model: its graph plus provenance. {@code opsets} are the imported opset versions of the
 * source file (domain "" is ai.onnx); after import the graph is in qmap's canonical form
 * whatever they were.
 */
public record Model(Graph graph, Map<String, Long> opsets, String producerName, String producerVersion,
                    long irVersion, Map<String, String> metadata) {
    public Model {
        opsets = Collections.unmodifiableMap(new LinkedHashMap<>(opsets));
        metadata = Collections.unmodifiableMap(new LinkedHashMap<>(metadata));
    }

    public Model withGraph(Graph g) {
        return new Model(g, opsets, producerName, producerVersion, irVersion, metadata);
    }

    public long defaultOpset() {
        Long v = opsets.get("");
        return v == null ? 0 : v;
    }
}
