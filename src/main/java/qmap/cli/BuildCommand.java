package qmap.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import qmap.build.BuildJob;
import qmap.config.Config;
import qmap.config.ConfigReader;
import qmap.config.Overrides;

@Command(name = "build", aliases = "makertbin", mixinStandardHelpOptions = true,
        description = "Convert a float ONNX model into int8 models as hb_mapper makertbin does, "
                + "and print the per-node similarity table.")
final class BuildCommand implements Callable<Integer> {
    @Option(names = "--config", required = true, paramLabel = "C.yaml", description = "hb_mapper makertbin config")
    Path config;

    @Option(names = "--working-dir", paramLabel = "DIR", description = "output folder (overrides working_dir)")
    Path workingDir;

    @Option(names = "--calibration-type", paramLabel = "T",
            description = "default, mix, kl, max, percentile, mse or skip (overrides calibration_type)")
    String calibrationType;

    @Option(names = "--march", paramLabel = "M", description = "bernoulli2, bayes or generic-int8 (overrides march)")
    String march;

    @CommandLine.Mixin
    VerboseOption verbose;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        Overrides o = Overrides.NONE;
        if (workingDir != null) {
            o = o.withWorkingDir(workingDir);
        }
        if (calibrationType != null) {
            o = o.withCalibrationType(calibrationType);
        }
        if (march != null) {
            o = o.withMarch(march);
        }
        Config cfg = ConfigReader.read(config, o);
        var err = spec.commandLine().getErr();
        BuildJob.Result r = new BuildJob(cfg, line -> {
            err.println(line);
            err.flush();
        }).run();
        var out = spec.commandLine().getOut();
        r.table().forEach(out::println);
        return 0;
    }
}
