package qmap.tools;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static qmap.testing.Cli.qmap;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import qmap.testing.Cli.Outcome;
import org.junit.jupiter.api.io.TempDir;
import qmap.config.ConfigReader;
import qmap.config.Overrides;
import qmap.target.CostReport;
import qmap.testing.SharedData;

class CheckAndPerfCommandTest {
    @TempDir
    Path dir;

    @Test
    void checkPutsHardSigmoidOnTheCpuForBernoulli2WithTheReason() {
        Path cls = SharedData.examples().resolve("cls/cls.onnx");
        Outcome r = qmap("check", cls.toString(), "--march", "bernoulli2", "--input-shape", "x", "1x3x48x192");
        assertEquals(0, r.code(), r.err());
        String row = r.out().lines().filter(l -> l.contains("HardSigmoid")).findFirst().orElseThrow();
        assertTrue(row.contains(" CPU ") && row.contains("HardSigmoid") && row.contains("bernoulli2"), row);
        Outcome bayes = qmap("check", cls.toString(), "--march", "bayes", "--input-shape", "x", "1x3x48x192");
        String bayesRow = bayes.out().lines().filter(l -> l.contains("HardSigmoid")).findFirst().orElseThrow();
        assertTrue(bayesRow.contains(" BPU "), bayesRow);
    }

    @Test
    void checkWithoutMarchOrShapeIsAUserError() {
        Path cls = SharedData.examples().resolve("cls/cls.onnx");
        assertEquals(2, qmap("check", cls.toString()).code());
        assertEquals(2, qmap("check", cls.toString(), "--march", "bernoulli3").code());
    }

    @Test
    void checkShowsALargeGlobalAveragePoolOnTheCpuWithTheNumbers() {
        assumeTrue(SharedData.available(), "../shared (seed-tracker) is not present");
        Outcome r = qmap("check", "--config", SharedData.root().resolve("seed-tracker/config.yaml").toString());
        assertEquals(0, r.code(), r.err());
        String row = r.out().lines().filter(l -> l.startsWith("GlobalAveragePool_20 ")).findFirst().orElseThrow();
        assertTrue(row.contains(" CPU ") && row.contains("65025") && row.contains("8192"), row);
        String ok = r.out().lines().filter(l -> l.startsWith("GlobalAveragePool_30 ")).findFirst().orElseThrow();
        assertTrue(ok.contains(" BPU "), ok);
    }

    @Test
    void perfShowsWhatPuttingTheCulpritsOnTheCpuCosts() throws Exception {
        assumeTrue(SharedData.available(), "../shared (seed-tracker) is not present");
        Path cfg = SharedData.root().resolve("seed-tracker/config.yaml");
        CostReport npu = PerfJob.ofConfig(ConfigReader.read(cfg, Overrides.NONE));
        String text = Files.readString(cfg).replace("#run_on_cpu: 'GlobalAveragePool_30; Exp_68'",
                "run_on_cpu: 'GlobalAveragePool_30; Exp_68'").replace("'seed_tracker.onnx'",
                "'" + SharedData.trackerModel() + "'").replace("./calibration/",
                SharedData.root().resolve("seed-tracker/calibration") + "/");
        Path cpuCfg = dir.resolve("cpu.yaml");
        Files.writeString(cpuCfg, text);
        CostReport cpu = PerfJob.ofConfig(ConfigReader.read(cpuCfg, Overrides.NONE));
        System.out.printf("[perf] tracker all on NPU %.3f ms, culprits on CPU %.3f ms%n", npu.totalMs(), cpu.totalMs());
        assertTrue(cpu.totalMs() > npu.totalMs(), "CPU placement costs latency");
        assertTrue(cpu.cpuPlacements().stream().anyMatch(c -> c.node().equals("Exp_68") && c.deltaMs() > 0));
        Outcome r = qmap("perf", "--config", cpuCfg.toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("CPU placement of Exp_68") && r.out().contains("total:"), r.out());
    }
}
