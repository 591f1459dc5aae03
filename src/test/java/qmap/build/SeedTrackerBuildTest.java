package qmap.build;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import qmap.config.Config;
import qmap.config.ConfigReader;
import qmap.config.Overrides;
import qmap.exec.Executor;
import qmap.ir.Tensor;
import qmap.onnx.OnnxReader;
import qmap.testing.SharedData;

/**
 * The report qmap was born from, on the seed tracker: with max calibration the culprit
 * GlobalAveragePool loses precision and output2 collapses across the eval samples; with both
 * culprits on the CPU, they are placed there and the outputs improve.
 */
class SeedTrackerBuildTest {
    @TempDir
    Path dir;

    private BuildJob.Result build(String configName, Path workDir, String runOnCpu) throws Exception {
        Path cfgFile = SharedData.root().resolve("seed-tracker/" + configName);
        if (runOnCpu != null) {
            String text = Files.readString(cfgFile).replace("#run_on_cpu: 'GlobalAveragePool_30; Exp_68'",
                    "run_on_cpu: '" + runOnCpu + "'");
            cfgFile = dir.resolve("config_cpu.yaml");
            Files.writeString(cfgFile, text.replace("'seed_tracker.onnx'",
                    "'" + SharedData.trackerModel() + "'").replace("./calibration/",
                    SharedData.root().resolve("seed-tracker/calibration") + "/"));
        }
        Config cfg = ConfigReader.read(cfgFile, Overrides.NONE.withWorkingDir(workDir));
        return new BuildJob(cfg, line -> { }).run();
    }

    private static NodeRow row(BuildJob.Result r, String node) {
        return r.rows().stream().filter(x -> x.node().equals(node)).findFirst().orElseThrow();
    }

    /** Mean over the 4 channels of output2's std across the 20 eval triplets (runtime format). */
    static double output2Spread(Path model) {
        Executor exec = Executor.of(OnnxReader.read(model));
        List<float[]> outs = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            outs.add(exec.run(SharedData.trackerEvalInputs(i)).get("output2").toFloats().clone());
        }
        return SharedData.spread(outs);
    }

    /** ONNX Runtime loads the file and agrees with qmap's execution of it on an eval triplet. */
    private static void assertRunsInOnnxRuntime(Path model) throws Exception {
        Map<String, Tensor> in = SharedData.trackerEvalInputs(0);
        Map<String, Tensor> ort = qmap.testing.OrtRunner.run(Files.readAllBytes(model), in, 1);
        Map<String, Tensor> ours = Executor.of(OnnxReader.read(model)).run(in);
        double cos = qmap.exec.Similarity.of(ours.get("output1"), ort.get("output1")).cosine();
        System.out.printf("[tracker max] %s: qmap vs ONNX Runtime output1 cosine %.6f%n", model.getFileName(), cos);
        assertTrue(cos > 0.999, model + ": " + cos);
    }

    @Test
    void maxCalibrationShowsTheReportedSymptomsAndCpuPlacementHelps() throws Exception {
        assumeTrue(SharedData.available(), "../shared (seed-tracker) is not present");
        BuildJob.Result max = build("config_max.yaml", dir.resolve("max"), null);
        NodeRow gap30 = row(max, "GlobalAveragePool_30");
        System.out.println("[tracker max] " + gap30 + " outputs " + max.outputCosine());
        assertTrue(gap30.cosine() < 0.95, "culprit GAP loses precision: " + gap30.cosine());
        assertTrue(row(max, "GlobalAveragePool_44").cosine() > 0.99, "the healthy GAPs stay healthy");
        double floatSpread = output2Spread(dir.resolve("max/DCMT_original_float_model.onnx"));
        double int8Spread = output2Spread(dir.resolve("max/DCMT_quantized_model.onnx"));
        System.out.printf("[tracker max] output2 spread: float %.5f, int8 %.5f%n", floatSpread, int8Spread);
        assertTrue(int8Spread < 0.1 * floatSpread, "output2 collapses: " + int8Spread + " vs " + floatSpread);

        assertRunsInOnnxRuntime(dir.resolve("max/DCMT_quantized_model.onnx"));
        assertRunsInOnnxRuntime(dir.resolve("max/DCMT_calibrated_model.onnx"));

        BuildJob.Result cpu = build("config_max.yaml", dir.resolve("cpu"), "GlobalAveragePool_30; Exp_68");
        assertEquals("CPU", row(cpu, "GlobalAveragePool_30").on());
        assertEquals("CPU", row(cpu, "Exp_68").on());
        assertTrue(row(cpu, "Exp_68").reason().contains("run_on_cpu"), row(cpu, "Exp_68").reason());
        System.out.println("[tracker max + run_on_cpu] outputs " + cpu.outputCosine());
        assertTrue(cpu.outputCosine().get("output2") > max.outputCosine().get("output2") + 0.3);
        assertTrue(cpu.outputCosine().get("output1") >= max.outputCosine().get("output1") - 1e-3);
        double cpuSpread = output2Spread(dir.resolve("cpu/DCMT_quantized_model.onnx"));
        System.out.printf("[tracker max + run_on_cpu] output2 spread %.5f%n", cpuSpread);
        assertTrue(cpuSpread > 0.5 * floatSpread);
    }
}
