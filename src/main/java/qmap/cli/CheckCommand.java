package qmap.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import qmap.QmapException;
import qmap.config.ConfigReader;
import qmap.config.Overrides;
import qmap.run.RunJob;
import qmap.tools.CheckJob;

@Command(name = "check", mixinStandardHelpOptions = true,
        description = "Show where every node runs (NPU or CPU), the subgraphs, and why each CPU node is there.")
final class CheckCommand implements Callable<Integer> {
    @Parameters(index = "0", arity = "0..1", paramLabel = "MODEL", description = "model file (.onnx), with --march")
    Path model;

    @Option(names = "--config", paramLabel = "C.yaml", description = "hb_mapper config (instead of MODEL)")
    Path config;

    @Option(names = "--march", paramLabel = "M", description = "bernoulli2, bayes or generic-int8")
    String march;

    @Option(names = "--input-shape", arity = "2", paramLabel = "NAME SHAPE", description = "shape of a dynamic input")
    List<String> inputShapes = new ArrayList<>();

    @CommandLine.Mixin
    VerboseOption verbose;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        CheckJob.Result r;
        if (config != null) {
            Overrides o = march == null ? Overrides.NONE : Overrides.NONE.withMarch(march);
            r = CheckJob.ofConfig(ConfigReader.read(config, o));
        } else if (model != null) {
            if (march == null) {
                throw new QmapException("check MODEL needs --march (bernoulli2, bayes or generic-int8)");
            }
            Map<String, int[]> shapes = new LinkedHashMap<>();
            for (int i = 0; i + 1 < inputShapes.size(); i += 2) {
                shapes.put(inputShapes.get(i), RunJob.parseShape(inputShapes.get(i + 1), "--input-shape "
                        + inputShapes.get(i)));
            }
            r = CheckJob.ofModel(model, march, shapes);
        } else {
            throw new QmapException("check needs --config C.yaml or MODEL.onnx --march M");
        }
        CheckJob.report(r).forEach(spec.commandLine().getOut()::println);
        return 0;
    }
}
