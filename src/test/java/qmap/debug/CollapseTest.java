package qmap.debug;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import qmap.ir.Tensor;

/** Spread across samples and the 10% collapse rule. */
class CollapseTest {
    private static Map<String, Tensor> out(float... v) {
        return Map.of("y", Tensor.ofFloats(new int[] {v.length}, v));
    }

    @Test
    void spreadIsTheMeanPerElementStdAcrossSamples() {
        OutputAccumulator a = new OutputAccumulator(Set.of("y"));
        a.add(out(1, 10), null);
        a.add(out(3, 10), null);
        // element 0: values 1, 3 -> std 1; element 1: constant -> 0; mean 0.5
        assertEquals(0.5, a.spread().get("y"), 1e-12);
    }

    @Test
    void aConstantOutputCollapsesAndAFollowingOneDoesNot() {
        OutputAccumulator f = new OutputAccumulator(Set.of("y"));
        OutputAccumulator constant = new OutputAccumulator(Set.of("y"));
        OutputAccumulator noisy = new OutputAccumulator(Set.of("y"));
        for (int s = 1; s <= 5; s++) {
            f.add(out(s, -s), null);
            constant.add(out(0.2f, -0.2f), out(s, -s));
            noisy.add(out(0.9f * s + 0.1f, -0.8f * s), out(s, -s));
        }
        Collapse c = new Collapse("y", f.spread().get("y"), constant.spread().get("y"));
        Collapse n = new Collapse("y", f.spread().get("y"), noisy.spread().get("y"));
        assertTrue(c.collapsed());
        assertEquals(0, c.ratio(), 1e-12);
        assertFalse(n.collapsed());
        assertEquals(0.85, n.ratio(), 1e-6);
        assertTrue(noisy.cosine().get("y") > 0.99);
    }

    @Test
    void justBelowAndAboveTheTenPercentLine() {
        assertTrue(Collapse.isCollapsed(0.099, 1));
        assertFalse(Collapse.isCollapsed(0.1, 1));
        assertFalse(Collapse.isCollapsed(0, 0), "a float output that never varies cannot collapse");
    }
}
