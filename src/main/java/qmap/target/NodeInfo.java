package qmap.target;

import java.util.Map;

/**
 * One {@code node_info} entry of the config: {@code {ON: BPU|CPU, InputType: int8|int16,
 * InputType<k>: ..., OutputType: ...}}. Any part may be null / empty (not set).
 */
public record NodeInfo(Unit on, String inputType, Map<Integer, String> inputTypeAt, String outputType) {
    public NodeInfo {
        inputTypeAt = inputTypeAt == null ? Map.of() : Map.copyOf(inputTypeAt);
    }

    /** The activation type asked for input k, or null. */
    public String inputType(int k) {
        return inputTypeAt.getOrDefault(k, inputType);
    }
}
