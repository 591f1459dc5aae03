package qmap.config;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import qmap.ir.DType;

/** The real configs of ../shared (seed tracker, PP-OCR det/rec/cls) read as hb_mapper would. */
class SharedConfigsTest {
    private static Path shared;

    /** qmap.shared, or ../../shared from a worktree under wt/; skipped when neither has the data. */
    @BeforeAll
    static void locate() {
        shared = Stream.of(System.getProperty("qmap.shared", "../shared"), "../shared", "../../shared")
                .map(p -> Path.of(p).toAbsolutePath().normalize())
                .filter(p -> Files.isDirectory(p.resolve("seed-tracker")) && Files.isDirectory(p.resolve("ocr-bench")))
                .findFirst().orElse(null);
        Assumptions.assumeTrue(shared != null, "shared data (seed-tracker, ocr-bench) not found; set -Dqmap.shared");
    }

    @Test
    void trackerHasThreeInputsWithAFeaturemapBox() {
        Config c = ConfigReader.read(shared.resolve("seed-tracker/config.yaml"));
        assertEquals(March.BERNOULLI2, c.march());
        assertEquals(shared.resolve("seed-tracker/seed_tracker.onnx"), c.model().onnxModel());
        assertEquals(shared.resolve("seed-tracker/model"), c.model().workingDir());
        assertEquals("DCMT", c.model().outputPrefix());
        assertEquals(3, c.inputs().size());
        assertEquals(List.of("input1", "input2", "input3"), c.inputs().stream().map(InputSpec::name).toList());
        InputSpec box = c.input("input3").orElseThrow();
        assertEquals(InputType.FEATUREMAP, box.typeTrain());
        assertEquals(InputType.FEATUREMAP, box.typeRt());
        assertEquals(Layout.NCHW, box.layoutTrain());
        assertArrayEquals(new int[] {1, 4, 1, 1}, box.shape());
        InputSpec search = c.inputs().get(1);
        assertArrayEquals(new int[] {1, 3, 255, 255}, search.shape());
        assertEquals(InputType.RGB, search.typeTrain());
        assertEquals(InputType.BGR, search.typeRt());
        assertEquals(Layout.NHWC, search.layoutRt());
        assertEquals(NormType.NO_PREPROCESS, search.normType());
        CalibrationParameters cal = c.calibration();
        assertEquals(List.of(DType.UINT8, DType.UINT8, DType.FLOAT), cal.dataTypes());
        assertEquals(shared.resolve("seed-tracker/calibration/template_bbox"), cal.dataDirs().get(2));
        assertEquals(CalibrationType.DEFAULT, cal.type());
        assertEquals(1.0, cal.maxPercentile());
        assertFalse(cal.preprocessOn());
        assertTrue(cal.runOnCpu().isEmpty());
        assertEquals(2, c.compiler().coreNum());
        assertEquals("O3", c.compiler().optimizeLevel());
        assertEquals(0L, c.qmap().seed());
        assertEquals(Runtime.getRuntime().availableProcessors(), c.qmap().threads());
    }

    @Test
    void trackerMaxVariantDiffersOnlyInCalibrationType() {
        Config c = ConfigReader.read(shared.resolve("seed-tracker/config_max.yaml"));
        assertEquals(CalibrationType.MAX, c.calibration().type());
        Config d = ConfigReader.read(shared.resolve("seed-tracker/config.yaml"));
        assertEquals(d.inputs(), c.inputs());
    }

    @Test
    void detHasPerChannelMeanAndScale() {
        Config c = ConfigReader.read(shared.resolve("ocr-bench/configs/det.yaml"));
        InputSpec x = c.input("x").orElseThrow();
        assertArrayEquals(new int[] {1, 3, 640, 640}, x.shape());
        assertEquals(NormType.DATA_MEAN_AND_SCALE, x.normType());
        assertArrayEquals(new float[] {123.675f, 116.28f, 103.53f}, x.mean());
        assertArrayEquals(new float[] {0.017124753831663668f, 0.017507002801120448f, 0.017429193899782137f},
                x.scale());
        assertEquals(3, x.channels());
        assertEquals(0.99996, c.calibration().maxPercentile());
        assertEquals(shared.resolve("ocr-bench/models/det.onnx"), c.model().onnxModel());
        assertEquals(shared.resolve("ocr-bench/model_output/det"), c.model().workingDir());
        assertEquals(List.of(shared.resolve("ocr-bench/calib/det_bin")), c.calibration().dataDirs());
    }

    @Test
    void recAndClsShareTheirNormalization() {
        for (String task : List.of("rec", "cls")) {
            Config c = ConfigReader.read(shared.resolve("ocr-bench/configs/" + task + ".yaml"));
            InputSpec x = c.inputs().get(0);
            assertEquals(InputType.BGR, x.typeTrain(), task);
            assertEquals(127.5f, x.mean(2), task);
            assertEquals((float) (1 / 127.5), x.scale(0), 1e-9, task);
            assertEquals(task + "_int8", c.model().outputPrefix());
            assertEquals(1, c.compiler().coreNum());
        }
        assertArrayEquals(new int[] {1, 3, 48, 320},
                ConfigReader.read(shared.resolve("ocr-bench/configs/rec.yaml")).inputs().get(0).shape());
    }

    @Test
    void overridesReplaceMarchCalibrationTypeAndWorkingDir(@org.junit.jupiter.api.io.TempDir Path out) {
        Overrides o = Overrides.NONE.withMarch("bayes").withCalibrationType("kl").withWorkingDir(out);
        Config c = ConfigReader.read(shared.resolve("seed-tracker/config.yaml"), o);
        assertEquals(March.BAYES, c.march());
        assertEquals(CalibrationType.KL, c.calibration().type());
        assertEquals(out, c.model().workingDir());
        assertTrue(c.describe().contains("model_parameters.march: bayes  # from --march\n"), c.describe());
    }

    @Test
    void listingIsStableAndComplete() {
        Config c = ConfigReader.read(shared.resolve("seed-tracker/config.yaml"));
        String text = c.describe();
        assertEquals(text, ConfigReader.read(shared.resolve("seed-tracker/config.yaml")).describe());
        assertTrue(text.contains("input_parameters.input_shape: 1x3x127x127; 1x3x255x255; 1x4x1x1\n"), text);
        assertTrue(text.contains("calibration_parameters.cal_data_type: uint8; uint8; float32\n"), text);
        assertTrue(text.contains("calibration_parameters.per_channel: False  # default\n"), text);
        assertTrue(text.contains("calibration_parameters.max_percentile: 1.0\n"), text);
        assertTrue(text.indexOf("model_parameters.onnx_model") < text.indexOf("input_parameters.input_name"));
        assertTrue(text.indexOf("compiler_parameters.jobs") < text.indexOf("qmap_parameters.threads"));
    }
}
