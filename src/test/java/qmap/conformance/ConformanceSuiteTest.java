package qmap.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;
import qmap.ir.DType;
import qmap.ir.Tensor;
import qmap.testing.SharedData;

/**
 * The ONNX backend suites of ../shared: at least 95% of the tests that run pass, at most 10%
 * are skipped, and every skip has a reason in conformance-skips.tsv.
 */
class ConformanceSuiteTest {
    @ParameterizedTest
    @ValueSource(strings = {"onnx-node-tests", "onnx-pytorch-converted-tests"})
    void suitePassesAtLeast95Percent(String suite) {
        Path dir = SharedData.root().resolve(suite);
        assumeTrue(Files.isDirectory(dir), dir + " is not present");
        List<TestOutcome> outcomes = ConformanceSuite.standard().run(dir, null, o -> { });
        long passed = outcomes.stream().filter(o -> o.status() == TestOutcome.Status.PASSED).count();
        long skipped = outcomes.stream().filter(o -> o.status() == TestOutcome.Status.SKIPPED).count();
        long failed = outcomes.size() - passed - skipped;
        outcomes.stream().filter(o -> o.status() == TestOutcome.Status.FAILED)
                .forEach(o -> System.out.println("[conformance] " + suite + " FAIL " + o.test() + ": " + o.detail()));
        System.out.println("[conformance] " + suite + ": " + passed + " passed, " + failed + " failed, " + skipped
                + " skipped");
        assertTrue(passed >= 0.95 * (passed + failed), suite + ": " + passed + " of " + (passed + failed) + " pass");
        assertTrue(skipped <= 0.10 * outcomes.size(), suite + ": " + skipped + " skipped");
    }

    @Test
    void everySkipHasAReason() {
        Map<String, String> skips = ConformanceSuite.loadSkips();
        skips.forEach((test, reason) -> assertTrue(!reason.isBlank(), test + " is skipped without a reason"));
    }

    @Test
    void comparisonUsesRelativeAndAbsoluteTolerance() {
        TensorComparison c = new TensorComparison(1e-3, 1e-5);
        Tensor expected = Tensor.ofFloats(new int[] {3}, 1000f, 0f, Float.NaN);
        assertEquals(null, c.difference(Tensor.ofFloats(new int[] {3}, 1000.9f, 9e-6f, Float.NaN), expected));
        assertNotNull(c.difference(Tensor.ofFloats(new int[] {3}, 1001.1f, 0f, Float.NaN), expected));
        assertNotNull(c.difference(Tensor.ofFloats(new int[] {3}, 1000f, 2e-5f, Float.NaN), expected));
        assertNotNull(c.difference(Tensor.ofFloats(new int[] {3}, 1000f, 0f, 0f), expected));
        assertNotNull(c.difference(Tensor.of(DType.INT64, new int[] {3}, new long[] {1, 2, 3}), expected));
    }
}
