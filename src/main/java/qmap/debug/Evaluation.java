package qmap.debug;

import java.util.Map;

/**
 * A fix tried on the debug samples: each output's mean cosine to the float model, the spread of
 * each collapsed output relative to the float model's, and the estimated latency.
 */
public record Evaluation(FixPlanner.Planned planned, Map<String, Double> cosine, Map<String, Double> spreadRatio) {
    public FixSet fix() {
        return planned.fix();
    }

    public double latencyMs() {
        return planned.latencyMs();
    }

    public double worstCosine() {
        return Sensitivity.worst(cosine);
    }

    /** Every output at or above the target cosine and none collapsed. */
    public boolean meets(double target) {
        return worstCosine() >= target && spreadRatio.values().stream().allMatch(r -> r >= Collapse.RATIO);
    }
}
