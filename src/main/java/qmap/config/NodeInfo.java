package qmap.config;

import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * A per-node request from {@code model_parameters.node_info}: placement and int8/int16 data types.
 *
 * @param on          ON: BPU (the NPU) or CPU; empty to let placement decide
 * @param inputType   InputType: the type of every input not named in {@code inputTypes}
 * @param inputTypes  InputType&lt;k&gt;: the type of input k
 * @param outputType  OutputType: the type of every output
 */
public record NodeInfo(String node, Optional<Placement> on, Optional<Precision> inputType,
        Map<Integer, Precision> inputTypes, Optional<Precision> outputType) {

    public NodeInfo {
        inputTypes = Map.copyOf(new TreeMap<>(inputTypes));
    }

    /** The requested type of input {@code k}, if any. */
    public Optional<Precision> inputType(int k) {
        Precision p = inputTypes.get(k);
        return p != null ? Optional.of(p) : inputType;
    }

    public boolean requestsInt16() {
        return inputType.orElse(null) == Precision.INT16 || outputType.orElse(null) == Precision.INT16
                || inputTypes.containsValue(Precision.INT16);
    }
}
