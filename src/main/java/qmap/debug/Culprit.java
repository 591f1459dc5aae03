package qmap.debug;

import java.util.List;

/**
 * A node flagged by the analysis, the part of it that loses precision, and why it was flagged.
 *
 * @param side     which of its tensors to act on: its output, one of its inputs, or its weights
 * @param tensors  those tensors
 * @param reasons  the figures that flagged it, in words
 * @param severity for ordering: higher is worse
 * @param harmsOutputs true when an output misses the target or collapses because of it (not only a local loss)
 */
public record Culprit(String node, String op, Side side, List<String> tensors, List<String> reasons, double severity,
                      boolean harmsOutputs) {
    public enum Side { OUTPUT, INPUT, WEIGHTS }

    public Culprit {
        tensors = List.copyOf(tensors);
        reasons = List.copyOf(reasons);
    }
}
