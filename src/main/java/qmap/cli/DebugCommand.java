package qmap.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import qmap.config.Config;
import qmap.config.ConfigReader;
import qmap.config.Overrides;
import qmap.debug.ConfigAmendment;
import qmap.debug.DebugJob;
import qmap.debug.DebugReport;
import qmap.debug.DebugText;
import qmap.debug.HtmlReport;

@Command(name = "debug", mixinStandardHelpOptions = true,
        description = "Find the nodes that ruin the model's outputs, say why, and find the cheapest fix "
                + "(per-tensor calibration, int16, CPU placement) that brings every output to the target cosine.")
final class DebugCommand implements Callable<Integer> {
    @Option(names = "--config", required = true, paramLabel = "C.yaml", description = "hb_mapper makertbin config")
    Path config;

    @Option(names = "--working-dir", paramLabel = "DIR", description = "output folder (overrides working_dir)")
    Path workingDir;

    @Option(names = "--target-cosine", paramLabel = "C",
            description = "cosine every output must reach (default: qmap_parameters.target_cosine, 0.99)")
    Double targetCosine;

    @Option(names = "--samples", paramLabel = "N", description = "use the first N calibration samples (default: all)")
    int samples;

    @Option(names = "--local-threshold", paramLabel = "C", defaultValue = "0.98",
            description = "flag nodes whose local cosine is below this (default: ${DEFAULT-VALUE})")
    double localThreshold;

    @Option(names = "--report", paramLabel = "DIR", description = "write DIR/index.html")
    Path report;

    @Option(names = "--apply", description = "write the config with the fix as C_fixed.yaml next to the original "
            + "(or in the working dir when that folder is read-only); the original is never changed")
    boolean apply;

    @Option(names = "--fixed-config", paramLabel = "FILE", description = "with --apply: where to write the amended config")
    Path fixedConfig;

    @Option(names = "--verbose", description = "stack traces for internal errors")
    boolean verbose;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        Overrides o = workingDir != null ? Overrides.NONE.withWorkingDir(workingDir) : Overrides.NONE;
        Config cfg = ConfigReader.read(config, o);
        var err = spec.commandLine().getErr();
        DebugJob.Options opts = new DebugJob.Options(targetCosine == null ? Double.NaN : targetCosine, samples,
                localThreshold);
        DebugReport r = new DebugJob(cfg, opts, line -> {
            err.println(line);
            err.flush();
        }).run();
        if (apply && !r.fixYaml().isEmpty()) {
            r = r.withFixedConfig(ConfigAmendment.write(cfg, config, r.fix().best().fix(), fixedConfig, o));
        }
        var out = spec.commandLine().getOut();
        DebugText.of(r).forEach(out::println);
        if (report != null) {
            out.println("report: " + HtmlReport.write(r, report));
        }
        return 0;
    }
}
