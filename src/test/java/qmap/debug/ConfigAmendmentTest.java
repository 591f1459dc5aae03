package qmap.debug;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import qmap.QmapException;

/** The amended config text: lines added where they belong, existing ones replaced, paths rebased. */
class ConfigAmendmentTest {
    private static final String BASE = """
            # comment kept
            model_parameters:
              onnx_model: 'm.onnx'
              march: 'bayes'
              working_dir: './out/'
            input_parameters:
              input_name: 'x'
            calibration_parameters:
              cal_data_dir: './cal/a; ./cal/b/'
              #run_on_cpu: 'Old_1'
              calibration_type: 'max'
            """;

    private static final FixAction.TensorThreshold OVERRIDE = new FixAction.TensorThreshold("Exp_68", "1067", "output",
            "max", 0.99, 0.45, 285.9, 0.01);

    @Test
    void addsEveryKindOfFixUnderItsGroup() {
        FixSet fix = new FixSet(List.of(OVERRIDE, new FixAction.Cpu("GlobalAveragePool_30"),
                new FixAction.Int16("Conv_3", true, false)));
        String text = ConfigAmendment.amend(BASE, fix, List.of());
        assertTrue(text.startsWith("# comment kept\nmodel_parameters:\n  node_info:  # added by qmap debug\n"
                + "    Conv_3: {InputType: int16}  # added by qmap debug\n  onnx_model:"), text);
        assertTrue(text.contains("calibration_parameters:\n  run_on_cpu: 'GlobalAveragePool_30'  # added by qmap debug\n"
                + "  cal_data_dir"), text);
        assertTrue(text.contains("  #run_on_cpu: 'Old_1'\n"), "comments stay: " + text);
        assertTrue(text.endsWith("  calibration_type: 'max'\n\nqmap_parameters:  # added by qmap debug\n"
                + "  tensor_overrides:  # added by qmap debug\n"
                + "    '1067': {calibration_type: max, max_percentile: 0.99}  # Exp_68 output: threshold 0.45 "
                + "(was 285.9) (added by qmap debug)\n"), text);
    }

    @Test
    void replacesAnExistingRunOnCpuKeepingItsNodes() {
        String base = BASE.replace("  #run_on_cpu: 'Old_1'", "  run_on_cpu: 'Old_1'");
        String text = ConfigAmendment.amend(base, new FixSet(List.of(new FixAction.Cpu("Exp_68"))),
                List.of("Old_1"));
        assertTrue(text.contains("  run_on_cpu: 'Old_1; Exp_68'  # added by qmap debug\n"), text);
        assertEquals(1, text.split("run_on_cpu").length - 1);
    }

    @Test
    void addsToAnExistingBlockOfOverridesAndRefusesAnInlineOne() {
        String block = BASE + "qmap_parameters:\n  tensor_overrides:\n    'a': {calibration_type: kl}\n";
        String text = ConfigAmendment.amend(block, new FixSet(List.of(OVERRIDE)), List.of());
        assertTrue(text.contains("  tensor_overrides:\n    '1067': {calibration_type: max, max_percentile: 0.99}"), text);
        assertTrue(text.contains("\n    'a': {calibration_type: kl}\n"), text);
        String inline = BASE + "qmap_parameters:\n  tensor_overrides: {a: {calibration_type: kl}}\n";
        QmapException e = assertThrows(QmapException.class,
                () -> ConfigAmendment.amend(inline, new FixSet(List.of(OVERRIDE)), List.of()));
        assertTrue(e.getMessage().contains("tensor_overrides is written inline"), e.getMessage());
    }

    @Test
    void aModelWideMethodReplacesCalibrationTypeAndSetsMaxPercentile() {
        String text = ConfigAmendment.amend(BASE + "  max_percentile: 0.99996\n",
                new FixSet(List.of(new FixAction.Method("max", 1.0, "kl"), OVERRIDE)), List.of());
        assertTrue(text.contains("  calibration_type: 'max'  # added by qmap debug\n"
                + "  max_percentile: 1  # added by qmap debug\n"), text);
        assertEquals(1, text.split("calibration_type: 'max'").length - 1, text);
        assertEquals(1, text.split("max_percentile: 1 ").length - 1, text);
    }

    @Test
    void rebasesRelativePathsForACopyInAnotherFolder() {
        String text = ConfigAmendment.rebase(BASE, Path.of("/data/proj"));
        assertTrue(text.contains("  onnx_model: '/data/proj/m.onnx'\n"), text);
        assertTrue(text.contains("  working_dir: '/data/proj/out/'\n"), text);
        assertTrue(text.contains("  cal_data_dir: '/data/proj/cal/a; /data/proj/cal/b/'\n"), text);
    }

}
