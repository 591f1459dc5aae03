package qmap.bench;

import java.util.LinkedHashMap;

/**
 * Scores one task's model outputs against the labels. Each sample has its own slot, so samples
 * may be scored in any order and from several threads (distinct samples only); the result is
 * reduced in sample order, so it does not depend on that order.
 */
public interface TaskMetric {
    /** Scores sample {@code index}: the model's first output (row-major) and the sample's label. */
    void add(int index, float[] output, String label);

    /** Metric name to value, headline metric first. */
    LinkedHashMap<String, Double> result();

    /** Counts behind the figures, e.g. "295/300". */
    String counts();

    /** What the model predicted for sample {@code index}, one line of text (for --dump). */
    String prediction(int index);
}
