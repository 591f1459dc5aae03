package qmap.debug;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import qmap.build.BuildJob;
import qmap.config.Config;
import qmap.config.ConfigReader;
import qmap.config.Overrides;
import qmap.exec.Executor;
import qmap.exec.Similarity;
import qmap.ir.Tensor;
import qmap.onnx.OnnxReader;
import qmap.testing.SharedData;

/**
 * The case qmap was born from, end to end: on the seed tracker with max calibration, debug flags
 * output2 as collapsed, names Exp_68 and GlobalAveragePool_30 with their causes, and proposes a fix
 * that keeps both on the NPU; the fixed config, built, brings output2 back to life on the 20 held-out
 * eval triplets and costs less estimated latency than moving both culprits to the CPU.
 */
class SeedTrackerDebugTest {
    @TempDir
    Path dir;

    @Test
    void debugFindsBothCulpritsAndItsFixBeatsTheCpuWorkaround() {
        assumeTrue(SharedData.available(), "../shared (seed-tracker) is not present");
        Path cfgFile = SharedData.root().resolve("seed-tracker/config_max.yaml");
        Overrides o = Overrides.NONE.withWorkingDir(dir.resolve("work"));
        Config cfg = ConfigReader.read(cfgFile, o);
        DebugReport r = new DebugJob(cfg, new DebugJob.Options(0.99, 10, 0.98), line -> { }).run();
        DebugText.of(r).forEach(l -> System.out.println("[tracker debug] " + l));

        assertTrue(r.outputs().stream().anyMatch(x -> x.name().equals("output2") && x.collapsed()));
        assertTrue(r.outputs().stream().noneMatch(x -> x.name().equals("output1") && x.collapsed()));
        List<String> causes = r.findings().stream().map(DebugReport.Finding::cause).toList();
        assertTrue(causes.stream().anyMatch(c -> c.startsWith("Exp_68: output threshold 285.9")
                && c.contains("output2 collapses")), causes.toString());
        assertTrue(causes.stream().anyMatch(c -> c.startsWith("GlobalAveragePool_30: input threshold 215.1")
                && c.contains("set by outliers")), causes.toString());
        assertTrue(r.fix().reached());
        List<String> cpu = r.fix().best().fix().cpuNodes();
        assertFalse(cpu.contains("Exp_68") || cpu.contains("GlobalAveragePool_30"), "an NPU-side fix exists: " + cpu);

        Path fixedCfg = ConfigAmendment.write(cfg, cfgFile, r.fix().best().fix(), dir.resolve("config_max_fixed.yaml"), o);
        Path cpuCfg = ConfigAmendment.write(cfg, cfgFile, new FixSet(List.of(new FixAction.Cpu("GlobalAveragePool_30"),
                new FixAction.Cpu("Exp_68"))), dir.resolve("config_max_cpu.yaml"), o);
        BuildJob.Result fixed = build(fixedCfg, dir.resolve("fixed"));
        BuildJob.Result both = build(cpuCfg, dir.resolve("cpu"));
        double[] floatEval = evalFigures(dir.resolve("fixed/DCMT_original_float_model.onnx"), null);
        double[] fixedEval = evalFigures(dir.resolve("fixed/DCMT_quantized_model.onnx"),
                dir.resolve("fixed/DCMT_original_float_model.onnx"));
        System.out.printf("[tracker debug] fixed build: outputs %s; eval: output1 cosine %.6f, output2 cosine %.6f, "
                        + "output2 spread %.5f (float %.5f); latency %.3f ms fixed, %.3f ms unfixed, %.3f ms both on CPU%n",
                fixed.outputCosine(), fixedEval[1], fixedEval[2], fixedEval[0], floatEval[0], fixed.cost().totalMs(),
                r.fix().unfixed().latencyMs(), both.cost().totalMs());
        assertTrue(fixed.outputCosine().values().stream().allMatch(c -> c >= 0.99), fixed.outputCosine().toString());
        assertTrue(fixedEval[2] >= 0.99, "output2 on the eval triplets: " + fixedEval[2]);
        assertTrue(fixedEval[0] > 0.5 * floatEval[0], "output2 follows the inputs again");
        assertTrue(fixed.cost().totalMs() < both.cost().totalMs());
    }

    private static BuildJob.Result build(Path cfg, Path work) {
        return new BuildJob(ConfigReader.read(cfg, Overrides.NONE.withWorkingDir(work)), line -> { }).run();
    }

    /**
     * On the 20 eval triplets (runtime format): output2's spread (mean over its 4 values of the std
     * across triplets), and with a reference model the mean cosine of output1 and output2 to it.
     */
    static double[] evalFigures(Path model, Path reference) {
        Executor exec = Executor.of(OnnxReader.read(model));
        Executor ref = reference == null ? null : Executor.of(OnnxReader.read(reference));
        List<float[]> outs = new ArrayList<>();
        double cos1 = 0;
        double cos2 = 0;
        for (int i = 0; i < 20; i++) {
            Map<String, Tensor> in = SharedData.trackerEvalInputs(i);
            Map<String, Tensor> out = exec.run(in);
            outs.add(out.get("output2").toFloats().clone());
            if (ref != null) {
                Map<String, Tensor> f = ref.run(in);
                cos1 += Similarity.of(out.get("output1"), f.get("output1")).cosine() / 20;
                cos2 += Similarity.of(out.get("output2"), f.get("output2")).cosine() / 20;
            }
        }
        double spread = SharedData.spread(outs);
        return new double[] {spread, cos1, cos2};
    }
}
