package qmap.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import qmap.QmapException;
import qmap.config.ConfigReader;
import qmap.config.Overrides;
import qmap.target.CostReport;
import qmap.tools.PerfJob;

@Command(name = "perf", mixinStandardHelpOptions = true,
        description = "Estimate latency per node, per subgraph and in total with the target's cost model.")
final class PerfCommand implements Callable<Integer> {
    @Parameters(index = "0", arity = "0..1", paramLabel = "MODEL.qmap", description = "a package written by qmap build")
    Path pkg;

    @Option(names = "--config", paramLabel = "C.yaml", description = "hb_mapper config (instead of a package)")
    Path config;

    @CommandLine.Mixin
    VerboseOption verbose;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        CostReport r;
        if (config != null) {
            r = PerfJob.ofConfig(ConfigReader.read(config, Overrides.NONE));
        } else if (pkg != null) {
            r = PerfJob.ofPackage(pkg);
        } else {
            throw new QmapException("perf needs MODEL.qmap or --config C.yaml");
        }
        PerfJob.report(r).forEach(spec.commandLine().getOut()::println);
        return 0;
    }
}
