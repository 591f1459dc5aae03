package qmap.debug;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The contributor rule: when the loss is spread, the parts carrying a large share of it are flagged. */
class CulpritsTest {
    private static Sensitivity part(String node, double onlyThis) {
        return new Sensitivity(node, "Conv", Sensitivity.Kind.ACTIVATION, List.of(node + "_out"), Map.of("y", onlyThis),
                Map.of("y", 0.98), Map.of(), Map.of());
    }

    private static final List<Sensitivity> SPREAD = List.of(part("a", 0.994), part("b", 0.999), part("c", 0.9951));

    @Test
    void partsCarryingAQuarterOfAMissedTargetAreFlagged() {
        // whole model 0.98: loss 0.02; a alone loses 0.006 (30%), c 0.0049 (24.5%), b 0.001 (5%)
        List<Culprit> found = Culprits.find(SPREAD, Map.of(), Map.of(), Map.of("y", 0.98), 0.99, 0.98);
        assertEquals(List.of("a"), found.stream().map(Culprit::node).toList());
        assertTrue(found.get(0).harmsOutputs());
        assertEquals(Culprit.Side.OUTPUT, found.get(0).side());
        assertTrue(found.get(0).reasons().get(0).contains("30% of the loss"), found.get(0).reasons().toString());
    }

    @Test
    void nothingIsFlaggedWhenTheOutputMeetsTheTarget() {
        assertEquals(List.of(), Culprits.find(SPREAD, Map.of(), Map.of(), Map.of("y", 0.992), 0.99, 0.98));
        assertEquals(List.of(), Culprits.find(SPREAD, Map.of(), Map.of(), Map.of(), 0.99, 0.98));
    }
}
