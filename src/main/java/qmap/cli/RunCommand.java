package qmap.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import qmap.QmapException;
import qmap.run.RunJob;

@Command(name = "run", mixinStandardHelpOptions = true,
        description = "Run a model on input files (.npy or raw .bin) and write its outputs as .npy.")
final class RunCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "MODEL", description = "model file (.onnx or a .qmap package)")
    Path model;

    @Option(names = "--input", paramLabel = "NAME=FILE", description = "an input tensor file; repeat per input")
    List<String> inputs = new ArrayList<>();

    @Option(names = "--input-shape", arity = "2", paramLabel = "NAME SHAPE",
            description = "shape of a dynamic input, e.g. --input-shape x 1x3x48x192; repeat per input")
    List<String> inputShapes = new ArrayList<>();

    @Option(names = "--output-dir", required = true, paramLabel = "DIR", description = "where outputs are written")
    Path outputDir;

    @Option(names = "--threads", paramLabel = "N",
            description = "threads for the kernels (default: available processors); results do not depend on it")
    int threads = Runtime.getRuntime().availableProcessors();

    @Option(names = "--dump-all", description = "also write every intermediate tensor")
    boolean dumpAll;

    @CommandLine.Mixin
    VerboseOption verbose;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        if (threads < 1) {
            throw new QmapException("--threads " + threads + ": expected at least 1");
        }
        RunJob job = new RunJob(model).threads(threads);
        for (int i = 0; i + 1 < inputShapes.size(); i += 2) {
            job.inputShape(inputShapes.get(i), inputShapes.get(i + 1));
        }
        for (String spec : inputs) {
            int eq = spec.indexOf('=');
            if (eq <= 0) {
                throw new QmapException("--input '" + spec + "': expected NAME=FILE");
            }
            job.inputFile(spec.substring(0, eq), Path.of(spec.substring(eq + 1)));
        }
        RunJob.Result r = job.run(outputDir, dumpAll);
        var out = spec.commandLine().getOut();
        for (RunJob.Written w : r.written()) {
            out.println(w.name() + " " + w.description() + " -> " + w.file());
        }
        out.printf("ran in %.1f ms%n", r.millis());
        return 0;
    }
}
