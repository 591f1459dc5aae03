package qmap.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Values that parse: bayes node_info, tensor overrides, lists, defaults and the listing. */
class ConfigReaderTest {
    @TempDir
    Path dir;

    Config read(String yaml) throws IOException {
        Files.createDirectories(dir.resolve("cal/a"));
        Files.createDirectories(dir.resolve("cal/b"));
        Files.write(dir.resolve("m.onnx"), new byte[] {1});
        return ConfigReader.read(Files.writeString(dir.resolve("config.yaml"), yaml));
    }

    @Test
    void nodeInfoOnBayesInBothForms() throws IOException {
        String mapping = """
                  node_info:
                    Conv_3: {ON: BPU, InputType: int16, InputType1: int8, OutputType: int16}
                    Exp_5:
                      ON: cpu
                """;
        Config c = read(ConfigErrorsTest.BASE.replace("'bernoulli2'", "bayes")
                .replace("input_parameters:", mapping + "input_parameters:"));
        NodeInfo conv = c.model().nodeInfo().get("Conv_3");
        assertEquals(Optional.of(Placement.BPU), conv.on());
        assertEquals(Optional.of(Precision.INT8), conv.inputType(1));
        assertEquals(Optional.of(Precision.INT16), conv.inputType(0));
        assertEquals(Optional.of(Precision.INT16), conv.outputType());
        assertEquals(Optional.of(Placement.CPU), c.model().nodeInfo().get("Exp_5").on());
        assertFalse(c.model().nodeInfo().get("Exp_5").requestsInt16());
        assertEquals(List.of("Conv_3", "Exp_5"), List.copyOf(c.model().nodeInfo().keySet()));
        assertTrue(c.describe().contains(
                "model_parameters.node_info.Conv_3: {ON: BPU, InputType: int16, InputType1: int8, OutputType: int16}\n"));

        Config s = read(ConfigErrorsTest.BASE.replace("'bernoulli2'", "bayes")
                .replace("input_parameters:", "  node_info: 'onnx::Conv_3:int16; Exp_5:int16;'\ninput_parameters:"));
        assertEquals(List.of("onnx::Conv_3", "Exp_5"), List.copyOf(s.model().nodeInfo().keySet()));
        assertEquals(Optional.of(Precision.INT16), s.model().nodeInfo().get("Exp_5").outputType());
    }

    @Test
    void listsTensorOverridesAndQmapGroup() throws IOException {
        Config c = read(ConfigErrorsTest.BASE + """
                  run_on_cpu: 'GlobalAveragePool_30; Exp_68'
                  run_on_npu: [Softmax_9]
                  optimization: set_model_output_int8
                qmap_parameters:
                  threads: 3
                  target_cosine: '0.9'
                  seed: 42
                  eval_samples: 4
                  bias_correction: false
                  tensor_overrides:
                    Exp_68_out: {calibration_type: percentile, max_percentile: 0.9999}
                    gap_out: {calibration_type: kl}
                    'p2o.Mul.27': {calibration_type: max, max_percentile: 0.99999}
                """);
        CalibrationParameters cal = c.calibration();
        assertEquals(List.of("GlobalAveragePool_30", "Exp_68"), cal.runOnCpu());
        assertEquals(List.of("Softmax_9"), cal.runOnNpu());
        assertTrue(cal.hasOptimization("set_model_output_int8"));
        QmapParameters q = c.qmap();
        assertEquals(3, q.threads());
        assertEquals(0.9, q.targetCosine());
        assertEquals(42L, q.seed());
        assertEquals(4, q.evalSamples());
        TensorOverride exp = q.tensorOverrides().get("Exp_68_out");
        assertEquals(Optional.of(CalibrationType.PERCENTILE), exp.calibrationType());
        assertEquals(0.9999, exp.maxPercentile().getAsDouble());
        assertTrue(q.tensorOverrides().get("gap_out").maxPercentile().isEmpty());
        // a tensor name with dots (paddle2onnx names them so) is one key, not a path
        assertEquals(0.99999, q.tensorOverrides().get("p2o.Mul.27").maxPercentile().getAsDouble());
        assertEquals(false, q.biasCorrection());
        assertTrue(QmapParameters.defaults().biasCorrection());
        String text = c.describe();
        assertTrue(text.contains("calibration_parameters.run_on_bpu: Softmax_9\n"), text);
        assertTrue(text.contains("qmap_parameters.tensor_overrides.Exp_68_out: {calibration_type: percentile, "
                + "max_percentile: 0.9999}\n"), text);
        assertTrue(text.contains("qmap_parameters.bias_correction: False\n"), text);
    }

    @Test
    void singleUnnamedInputWithoutShapeIsLeftToTheModel() throws IOException {
        Config c = read("""
                model_parameters:
                  onnx_model: m.onnx
                  march: generic-int8
                input_parameters:
                  input_type_train: gray
                  input_layout_train: NHWC
                  norm_type: data_scale
                  scale_value: 0.00392156862745098
                  mean_value: 128
                calibration_parameters:
                  calibration_type: skip
                """);
        InputSpec in = c.inputs().get(0);
        assertFalse(in.hasName());
        assertFalse(in.hasShape());
        assertEquals(InputType.GRAY, in.typeRt());
        assertEquals(Layout.NHWC, in.layoutRt());
        assertEquals(0, in.mean().length, "norm_type data_scale ignores mean_value");
        assertEquals(List.of("input_parameters.mean_value ignored: norm_type is data_scale"), c.warnings());
        assertFalse(c.calibration().needsData());
        assertEquals(dir.resolve("model_output"), c.model().workingDir());
        assertEquals("model", c.model().outputPrefix());
        InputSpec done = in.withName("image").withShape(new int[] {1, 32, 32, 1});
        Config completed = c.withInputs(List.of(done));
        assertEquals(1, completed.input("image").orElseThrow().channels());
        assertTrue(completed.describe().contains("input_parameters.input_shape: 1x32x32x1  # from model\n"));
        assertTrue(c.describe().contains("input_parameters.input_name: (from model)\n"));
        assertTrue(c.describe().contains("# warning: input_parameters.mean_value ignored"));
        assertEquals(Map.of(), c.model().nodeInfo());
    }
}
