package qmap.cli;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import qmap.conformance.ConformanceSuite;
import qmap.conformance.TestOutcome;

@Command(name = "conformance", mixinStandardHelpOptions = true,
        description = "Run ONNX backend tests (DIR/<test>/model.onnx with test_data_set_*) through qmap's executor.")
final class ConformanceCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "DIR", description = "folder of backend test folders")
    Path dir;

    @Option(names = "--filter", paramLabel = "REGEX", description = "only tests whose name matches (find)")
    String filter;

    @Option(names = "--show-skips", description = "also list skipped tests with their reasons")
    boolean showSkips;

    @CommandLine.Mixin
    VerboseOption verbose;

    @CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        var out = spec.commandLine().getOut();
        var err = spec.commandLine().getErr();
        List<TestOutcome> outcomes = ConformanceSuite.standard()
                .run(dir, filter == null ? null : java.util.regex.Pattern.compile(filter), o -> { });
        int passed = 0;
        int failed = 0;
        int skipped = 0;
        for (TestOutcome o : outcomes) {
            switch (o.status()) {
                case PASSED -> passed++;
                case FAILED -> {
                    failed++;
                    out.println("FAIL " + o.test() + ": " + o.detail());
                }
                case SKIPPED -> {
                    skipped++;
                    if (showSkips) {
                        out.println("SKIP " + o.test() + ": " + o.detail());
                    }
                }
            }
        }
        out.println(passed + " passed, " + failed + " failed, " + skipped + " skipped");
        err.flush();
        return failed == 0 ? 0 : 1;
    }
}
