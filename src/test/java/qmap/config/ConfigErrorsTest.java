package qmap.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** One bad config per case: the message names file:line, the key, and expected versus found. */
class ConfigErrorsTest {
    /** A valid two-input config; line numbers are part of the expected messages. */
    static final String BASE = """
            model_parameters:
              onnx_model: 'm.onnx'
              march: 'bernoulli2'
              working_dir: 'out'
              output_model_file_prefix: 'm'
            input_parameters:
              input_name: 'a; b'
              input_type_train: 'rgb; featuremap'
              input_layout_train: 'NCHW; NCHW'
              input_shape: '1x3x8x8; 1x4x1x1'
              input_type_rt: 'nv12; featuremap'
              norm_type: 'data_mean_and_scale; no_preprocess'
              mean_value: '128 127 126;'
              scale_value: '0.5;'
            calibration_parameters:
              cal_data_dir: 'cal/a; cal/b'
              calibration_type: 'max'
              max_percentile: 1.0
            """;

    @TempDir
    Path dir;

    Path write(String yaml) {
        try {
            Files.createDirectories(dir.resolve("cal/a"));
            Files.createDirectories(dir.resolve("cal/b"));
            Files.write(dir.resolve("m.onnx"), new byte[] {8, 7});
            return Files.writeString(dir.resolve("config.yaml"), yaml);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** BASE with {@code from} replaced by {@code to}. */
    static String edit(String from, String to) {
        assertTrue(BASE.contains(from), from);
        return BASE.replace(from, to);
    }

    String error(String yaml) {
        return error(yaml, Overrides.NONE);
    }

    String error(String yaml, Overrides overrides) {
        Path file = write(yaml);
        ConfigException e = assertThrows(ConfigException.class, () -> ConfigReader.read(file, overrides));
        assertFalse(e.getMessage().contains("\n"), e.getMessage());
        assertEquals(2, e.exitCode());
        return e.getMessage().replace(dir.toString(), "DIR");
    }

    @Test
    void baseConfigIsValidWithDefaults() {
        Config c = ConfigReader.read(write(BASE));
        InputSpec a = c.inputs().get(0);
        assertEquals(Layout.NHWC, a.layoutRt(), "nv12 defaults to NHWC");
        assertEquals(126f, a.mean(2));
        assertEquals(0.5f, a.scale(1), "one scale for every channel");
        assertEquals(0, c.inputs().get(1).mean().length);
        assertEquals(java.util.List.of(qmap.ir.DType.UINT8, qmap.ir.DType.FLOAT), c.calibration().dataTypes());
        assertEquals(dir.resolve("out").toAbsolutePath(), c.model().workingDir());
        assertEquals(dir.resolve("out/m_quantized_model.onnx").toAbsolutePath(),
                c.model().output("_quantized_model.onnx"));
        assertEquals(CompilerParameters.DEFAULTS, c.compiler());
        assertFalse(c.calibration().perChannel());
        assertTrue(c.warnings().isEmpty(), c.warnings().toString());
    }

    @Test
    void missingFile() {
        Path file = dir.resolve("nope.yaml");
        ConfigException e = assertThrows(ConfigException.class, () -> ConfigReader.read(file));
        assertEquals(file + ": config file not found", e.getMessage());
    }

    @Test
    void missingGroup() {
        String yaml = BASE.substring(0, BASE.indexOf("calibration_parameters:"));
        assertEquals("DIR/config.yaml:1:1: calibration_parameters: required group is missing "
                + "(found model_parameters, input_parameters)", error(yaml));
    }

    @Test
    void missingKey() {
        assertEquals("DIR/config.yaml:1:1: model_parameters.onnx_model: required key is missing",
                error(edit("  onnx_model: 'm.onnx'\n", "")));
    }

    @Test
    void unknownGroupNamesTheClosest() {
        assertEquals("DIR/config.yaml:15:1: calibration_paramters: unknown group; did you mean "
                + "'calibration_parameters'?", error(edit("calibration_parameters:", "calibration_paramters:")));
    }

    @Test
    void unknownKeyNamesTheClosest() {
        assertEquals("DIR/config.yaml:17:3: calibration_parameters.calibraton_type: unknown key; did you mean "
                + "'calibration_type'?", error(edit("  calibration_type:", "  calibraton_type:")));
    }

    @Test
    void unknownKeyWithNothingCloseListsTheKnownKeys() {
        String m = error(BASE + "  colour: 1\n");
        assertTrue(m.startsWith("DIR/config.yaml:19:3: calibration_parameters.colour: unknown key; expected one of "
                + "cal_data_dir, cal_data_type,"), m);
    }

    @Test
    void duplicateKeyNamesBothLines() {
        assertEquals("DIR/config.yaml:19:3: calibration_parameters.max_percentile: duplicate key, defined on line 18 "
                + "and again on line 19", error(BASE + "  max_percentile: 0.9\n"));
    }

    @Test
    void unknownMarch() {
        assertEquals("DIR/config.yaml:3:10: model_parameters.march: expected one of bernoulli2, bayes, generic-int8, "
                + "found 'bernouli2'; did you mean 'bernoulli2'?", error(edit("'bernoulli2'", "'bernouli2'")));
    }

    @Test
    void unknownCalibrationType() {
        assertEquals("DIR/config.yaml:17:21: calibration_parameters.calibration_type: expected one of default, mix, "
                + "kl, max, percentile, mse, skip, found 'maxx'; did you mean 'max'?", error(edit("'max'", "'maxx'")));
    }

    @Test
    void unknownNormType() {
        String m = error(edit("no_preprocess'", "none'"));
        assertTrue(m.startsWith("DIR/config.yaml:12:14: input_parameters.norm_type: expected one of no_preprocess, "
                + "data_mean, data_scale, data_mean_and_scale, found 'none'"), m);
    }

    @Test
    void unknownInputType() {
        assertEquals("DIR/config.yaml:8:21: input_parameters.input_type_train: expected one of rgb, bgr, gray, "
                + "yuv444, nv12, featuremap for input 'b', found 'featurmap'; did you mean 'featuremap'?",
                error(edit("'rgb; featuremap'", "'rgb; featurmap'")));
    }

    @Test
    void unknownLayout() {
        assertEquals("DIR/config.yaml:9:23: input_parameters.input_layout_train: expected one of NCHW, NHWC for "
                + "input 'b', found 'NCWH'; did you mean 'NCHW'?", error(edit("'NCHW; NCHW'", "'NCHW; NCWH'")));
    }

    @Test
    void malformedShape() {
        assertEquals("DIR/config.yaml:10:16: input_parameters.input_shape: expected positive dims joined by 'x' "
                + "(e.g. 1x3x224x224) for input 'a', found '1x3x8x'", error(edit("1x3x8x8;", "1x3x8x;")));
        assertEquals("DIR/config.yaml:10:16: input_parameters.input_shape: expected 4 dims (NCHW, as rgb needs) "
                + "for input 'a', found 3 in '1x3x8'", error(edit("1x3x8x8;", "1x3x8;")));
        assertEquals("DIR/config.yaml:10:16: input_parameters.input_shape: expected 3 channels at dim 1 (NCHW, as "
                + "rgb needs) for input 'a', found 4 in '1x4x8x8'", error(edit("1x3x8x8;", "1x4x8x8;")));
    }

    @Test
    void wrongNumberOfValues() {
        assertEquals("DIR/config.yaml:9:23: input_parameters.input_layout_train: expected 2 values separated by ';' "
                + "(one per input_name), found 1 in 'NCHW'", error(edit("'NCHW; NCHW'", "'NCHW'")));
    }

    @Test
    void meanCountIsNeitherOneNorTheChannels() {
        assertEquals("DIR/config.yaml:13:15: input_parameters.mean_value: expected 1 or 3 values (one per channel) "
                + "for input 'a', found 2 in '128 127'", error(edit("'128 127 126;'", "'128 127;'")));
    }

    @Test
    void meanMissingForDataMean() {
        assertEquals("DIR/config.yaml:6:1: input_parameters.mean_value: expected one value or one per channel for "
                + "input 'a' (norm_type data_mean_and_scale), found none",
                error(edit("  mean_value: '128 127 126;'\n", "")));
    }

    @Test
    void notANumber() {
        assertEquals("DIR/config.yaml:14:16: input_parameters.scale_value: expected a number for input 'a', found "
                + "'0.5x'", error(edit("'0.5;'", "'0.5x;'")));
        assertEquals("DIR/config.yaml:18:19: calibration_parameters.max_percentile: expected a number, found 'high'",
                error(edit("max_percentile: 1.0", "max_percentile: high")));
    }

    @Test
    void maxPercentileOutsideZeroToOne() {
        assertEquals("DIR/config.yaml:18:19: calibration_parameters.max_percentile: expected a number in (0, 1], "
                + "found 1.5", error(edit("max_percentile: 1.0", "max_percentile: 1.5")));
        assertTrue(error(edit("max_percentile: 1.0", "max_percentile: '0'")).endsWith("found 0"));
    }

    @Test
    void calDataDirMissingOrAFile() throws IOException {
        assertEquals("DIR/config.yaml:16:17: calibration_parameters.cal_data_dir: expected an existing folder of "
                + "calibration samples for input 'b', found no folder at DIR/cal/zz",
                error(edit("cal/a; cal/b", "cal/a; cal/zz")));
        assertTrue(error(edit("cal/a; cal/b", "cal/a; m.onnx")).endsWith("found a file at DIR/m.onnx"));
    }

    @Test
    void modelFileMissing() {
        assertEquals("DIR/config.yaml:2:15: model_parameters.onnx_model: expected an existing model file, found no "
                + "file at DIR/missing.onnx", error(edit("'m.onnx'", "'missing.onnx'")));
    }

    @Test
    void trainFromRuntimeTypePairs() {
        assertEquals("DIR/config.yaml:11:18: input_parameters.input_type_rt: expected a runtime type that can feed "
                + "a rgb-trained input (rgb, bgr, yuv444, nv12) for input 'a', found 'gray'",
                error(edit("'nv12; featuremap'", "'gray; featuremap'")));
        assertTrue(error(edit("'nv12; featuremap'", "'nv12; rgb'"))
                .endsWith("a featuremap-trained input (featuremap) for input 'b', found 'rgb'"));
    }

    @Test
    void nv12IsNoTrainingType() {
        assertTrue(error(edit("'rgb; featuremap'", "'nv12; featuremap'"))
                .contains("input_parameters.input_type_train: expected a training type"));
    }

    @Test
    void nv12NeedsEvenHeightAndWidth() {
        assertEquals("DIR/config.yaml:10:16: input_parameters.input_shape: expected even height and width for "
                + "runtime type nv12 for input 'a', found 7x8", error(edit("1x3x8x8;", "1x3x7x8;")));
    }

    @Test
    void int16OnBernoulli2() {
        String info = "  node_info:\n    Conv_3:\n      ON: 'BPU'\n      InputType: 'int16'\n";
        assertEquals("DIR/config.yaml:9:18: model_parameters.node_info.Conv_3.InputType: expected int8 (march "
                + "bernoulli2 has no int16; bayes has), found InputType: int16",
                error(edit("input_parameters:", info + "input_parameters:")));
        assertEquals("DIR/config.yaml:6:14: model_parameters.node_info: expected int8 (march bernoulli2 has no "
                + "int16; bayes has), found 'Exp_5:int16'",
                error(edit("input_parameters:", "  node_info: 'Exp_5:int16'\ninput_parameters:")));
    }

    @Test
    void int16ThroughMarchFlagNamesTheFlag() {
        String yaml = edit("input_parameters:", "  node_info: 'Exp_5:int16'\ninput_parameters:")
                .replace("'bernoulli2'", "'bayes'");
        assertTrue(ConfigReader.read(write(yaml)).model().nodeInfo().get("Exp_5").requestsInt16());
        assertTrue(error(yaml, Overrides.NONE.withMarch("bernoulli2"))
                .contains("expected int8 (march bernoulli2 (from --march) has no int16"));
    }

    @Test
    void badFlagValue() {
        assertEquals("--calibration-type: expected one of default, mix, kl, max, percentile, mse, skip, found 'kll'; "
                + "did you mean 'kl'?", error(BASE, Overrides.NONE.withCalibrationType("kll")));
    }

    @Test
    void booleansFollowYaml12() {
        assertEquals("DIR/config.yaml:19:18: calibration_parameters.preprocess_on: expected True or False, found 'on'",
                error(BASE + "  preprocess_on: on\n"));
        Config c = ConfigReader.read(write(edit("prefix: 'm'", "prefix: 0755").replace("'a; b'", "NO; b")
                + "  per_channel: 'True'\n"));
        assertEquals("0755", c.model().outputPrefix());
        assertEquals("NO", c.inputs().get(0).name());
        assertTrue(c.calibration().perChannel());
    }

    @Test
    void inputNameRequiredForSeveralInputs() {
        assertEquals("DIR/config.yaml:6:1: input_parameters.input_name: required when there is more than one input "
                + "(input_type_train has 2 values), found no input_name", error(edit("  input_name: 'a; b'\n", "")));
    }

    @Test
    void runOnBpuAndItsAliasTogether() {
        assertEquals("DIR/config.yaml:20:15: calibration_parameters.run_on_npu: expected either run_on_bpu or its "
                + "alias run_on_npu, found both (run_on_bpu on line 19)",
                error(BASE + "  run_on_bpu: 'Exp_5'\n  run_on_npu: 'Exp_5'\n"));
    }

    @Test
    void invalidYaml() {
        String m = error(edit("march: 'bernoulli2'", "march: [bernoulli2"));
        assertTrue(m.startsWith("DIR/config.yaml:4:") && m.contains("not valid YAML"), m);
    }

    @Test
    void compilerAndQmapValues() {
        assertEquals("DIR/config.yaml:20:17: compiler_parameters.compile_mode: expected one of latency, bandwidth, "
                + "balance, found 'fast'", error(BASE + "compiler_parameters:\n  compile_mode: fast\n"));
        assertEquals("DIR/config.yaml:21:31: qmap_parameters.tensor_overrides.Exp_5.calibration_type: expected one "
                + "of kl, max, percentile, mse (a method for one tensor), found 'skip'",
                error(BASE + "qmap_parameters:\n  tensor_overrides:\n    Exp_5: {calibration_type: skip}\n"));
        assertEquals("DIR/config.yaml:8:7: model_parameters.node_info.Conv_3.InputTyp: unknown node_info key; did you "
                + "mean 'InputType'?", error(edit("input_parameters:",
                        "  node_info:\n    Conv_3:\n      InputTyp: int8\ninput_parameters:")));
    }
}
