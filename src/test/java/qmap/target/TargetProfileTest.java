package qmap.target;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import qmap.QmapException;

class TargetProfileTest {
    @Test
    void builtInProfilesLoadWithTheirDocumentedBasics() {
        TargetProfile b2 = TargetProfile.named("bernoulli2");
        assertEquals(java.util.List.of("int8"), b2.activationDtypes());
        assertEquals("fixed_point", b2.requantization().kind());
        assertEquals("half_away_from_zero", b2.requantization().rounding());
        assertEquals("per_channel", b2.weights().granularity());
        assertEquals(256, b2.lutSize());
        assertEquals(Unit.CPU, b2.rule("HardSigmoid").unit());
        assertEquals(Unit.FOLDED, b2.rule("Constant").unit());
        assertTrue(b2.rule("Softmax").optIn());
        assertEquals(Unit.CPU, b2.rule("NonMaxSuppression").unit());
        assertFalse(b2.lists("NonMaxSuppression"));
        assertNull(b2.cost().npuInt16Throughput());
        assertFalse(b2.cost().npuMacsPerSecond().source().isBlank());

        TargetProfile bayes = TargetProfile.named("bayes");
        assertEquals(java.util.List.of("int8", "int16"), bayes.activationDtypes());
        assertEquals(Unit.NPU, bayes.rule("HardSigmoid").unit());
        assertEquals(Unit.CPU, bayes.rule("PRelu").unit());
        assertEquals(Unit.NPU, bayes.rule("Sub").unit());
        assertEquals(b2.rule("ArgMax"), bayes.rule("ArgMax")); // inherited from bernoulli2
        assertEquals(2, bayes.yamlTexts().size());

        TargetProfile generic = TargetProfile.named("generic-int8");
        assertEquals("float", generic.requantization().kind());
        assertEquals(Unit.NPU, generic.rule("HardSigmoid").unit());
    }

    @Test
    void unknownMarchListsTheNames() {
        QmapException e = assertThrows(QmapException.class, () -> TargetProfile.named("x5"));
        assertTrue(e.getMessage().contains("'x5'") && e.getMessage().contains("bernoulli2, bayes, generic-int8"),
                e.getMessage());
    }

    @Test
    void aUserProfileCanExtendABuiltInOne(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("mine.yaml");
        Files.writeString(file, """
                extends: bernoulli2
                name: mine
                ops:
                  HardSigmoid: {unit: npu}
                  GlobalAveragePool:
                    unit: npu
                    constraints:
                      - {fact: input_hw, max: 4096}
                cost:
                  boundary_switch_ms: {value: 0.2, source: measured on our board}
                """);
        TargetProfile p = TargetProfile.load(file);
        assertEquals("mine", p.name());
        assertEquals(Unit.NPU, p.rule("HardSigmoid").unit());
        assertEquals(4096, ((Number) p.rule("GlobalAveragePool").constraints().get(0).max()).intValue());
        assertEquals(0.2, p.cost().boundarySwitchMs().value());
        assertEquals(1.25e12, p.cost().npuMacsPerSecond().value());
    }

    @Test
    void aBadProfileNamesTheKey(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("bad.yaml");
        Files.writeString(file, """
                extends: bernoulli2
                name: bad
                ops:
                  Conv:
                    unit: npu
                    constraints:
                      - {fact: kernel_hh, max: 7}
                """);
        QmapException e = assertThrows(QmapException.class, () -> TargetProfile.load(file));
        assertTrue(e.getMessage().contains("ops.Conv.constraints[0].fact: unknown fact 'kernel_hh'"), e.getMessage());
    }
}
