package qmap.debug;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.OptionalDouble;
import org.junit.jupiter.api.Test;
import qmap.config.TensorOverride;

/**
 * A per-tensor max threshold is written, and planned, with its own max_percentile, 1.0 included:
 * without it the build takes the config's max_percentile and builds another threshold than the
 * one the fix search measured (seen on the OCR configs, max_percentile 0.99996).
 */
class FixOverrideTest {
    private static FixAction.TensorThreshold max(double percentile) {
        return new FixAction.TensorThreshold("Conv_2", "t.11", "output", "max", percentile, 222.4, 101.2, 0);
    }

    @Test
    void plainMaxCarriesPercentileOne() {
        FixSet fix = FixSet.NONE.plus(max(1.0));
        TensorOverride o = fix.overrides(Map.of()).get("t.11");
        assertEquals(OptionalDouble.of(1.0), o.maxPercentile());
        String line = FixYaml.overrideLine(max(1.0));
        assertTrue(line.startsWith("'t.11': {calibration_type: max, max_percentile: 1}"), line);
    }

    @Test
    void percentileMaxKeepsItsPercentile() {
        TensorOverride o = FixSet.NONE.plus(max(0.99)).overrides(Map.of()).get("t.11");
        assertEquals(OptionalDouble.of(0.99), o.maxPercentile());
        assertTrue(FixYaml.overrideLine(max(0.99)).contains("{calibration_type: max, max_percentile: 0.99}"));
    }

    @Test
    void otherMethodsCarryNoPercentile() {
        var kl = new FixAction.TensorThreshold("Conv_2", "t.11", "output", "kl", 1.0, 25.9, 101.2, 0.003);
        assertEquals(OptionalDouble.empty(), FixSet.NONE.plus(kl).overrides(Map.of()).get("t.11").maxPercentile());
        assertTrue(FixYaml.overrideLine(kl).contains("{calibration_type: kl}"));
    }
}
