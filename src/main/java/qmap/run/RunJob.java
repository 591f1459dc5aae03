package qmap.run;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import qmap.QmapException;
import qmap.exec.Executor;
import qmap.ir.Graph;
import qmap.ir.Model;
import qmap.ir.Shapes;
import qmap.ir.Tensor;
import qmap.ir.TensorType;
import qmap.ir.ValueInfo;
import qmap.io.Npy;
import qmap.io.RawTensors;
import qmap.pkg.QmapModel;
import qmap.passes.FixInputShapes;
import qmap.passes.PassPipeline;

/** The {@code qmap run} job: load a model, read input files, run, write outputs as .npy. */
public final class RunJob {
    /** One file written. */
    public record Written(String name, String description, Path file) {
    }

    /** What a run wrote and how long the model took. */
    public record Result(List<Written> written, double millis) {
    }

    private final Path modelFile;
    private final Map<String, int[]> shapes = new LinkedHashMap<>();
    private final Map<String, Path> files = new LinkedHashMap<>();
    private int threads = Executor.defaultThreads();

    public RunJob(Path modelFile) {
        this.modelFile = modelFile;
    }

    public RunJob inputShape(String name, String shape) {
        shapes.put(name, parseShape(shape, "--input-shape " + name));
        return this;
    }

    /** How many threads the kernels may use (results do not depend on it). */
    public RunJob threads(int n) {
        this.threads = n;
        return this;
    }

    public RunJob inputFile(String name, Path file) {
        files.put(name, file);
        return this;
    }

    /** Parses "1x3x48x192" into dims; {@code what} names the setting in errors. */
    public static int[] parseShape(String s, String what) {
        String[] parts = s.trim().split("x");
        int[] dims = new int[parts.length];
        for (int i = 0; i < parts.length; i++) {
            try {
                dims[i] = Integer.parseInt(parts[i].trim());
            } catch (NumberFormatException e) {
                dims[i] = -1;
            }
            if (dims[i] <= 0) {
                throw new QmapException(what + ": malformed shape '" + s + "' (expected positive dims joined by 'x', "
                        + "e.g. 1x3x224x224)");
            }
        }
        return dims;
    }

    public Result run(Path outputDir, boolean dumpAll) {
        Model loaded = withInputShapes(QmapModel.open(modelFile).model(), shapes);
        Model model = loaded.withGraph(PassPipeline.staticShapes().apply(loaded.graph()));
        Map<String, Tensor> inputs = readInputs(model.graph(), files);
        List<Written> written = new ArrayList<>();
        Map<String, Tensor> out;
        double ms;
        try (Executor exec = Executor.of(model, threads)) {
            long t0 = System.nanoTime();
            out = exec.run(inputs, dumpAll ? (node, name, t) -> {
                if (node != null && !model.graph().outputs().stream().anyMatch(o -> o.name().equals(name))) {
                    written.add(write(outputDir.resolve("intermediate"), name, t));
                }
            } : null);
            ms = (System.nanoTime() - t0) / 1e6;
        }
        for (Map.Entry<String, Tensor> e : out.entrySet()) {
            written.add(write(outputDir, e.getKey(), e.getValue()));
        }
        return new Result(written, ms);
    }

    private static Written write(Path dir, String name, Tensor t) {
        Path file = dir.resolve(safeFileName(name) + ".npy");
        Npy.write(t, file);
        return new Written(name, t.dtype().onnxName() + "[" + Shapes.format(t.shape()) + "]", file);
    }

    /** A tensor name as a file name: path separators and odd characters become '_'. */
    public static String safeFileName(String name) {
        String s = name.replaceAll("[^A-Za-z0-9._-]", "_");
        return s.isEmpty() || s.startsWith(".") ? "_" + s : s;
    }

    /** The model with the given input shapes fixed (each must agree with the declared rank and fixed dims). */
    public static Model withInputShapes(Model model, Map<String, int[]> shapes) {
        return model.withGraph(new FixInputShapes(shapes, "--input-shape").apply(model.graph()));
    }

    private static Map<String, Tensor> readInputs(Graph g, Map<String, Path> files) {
        Map<String, Tensor> inputs = new LinkedHashMap<>();
        for (Map.Entry<String, Path> e : files.entrySet()) {
            ValueInfo vi = g.inputs().stream().filter(i -> i.name().equals(e.getKey())).findFirst()
                    .orElseThrow(() -> new QmapException("--input " + e.getKey() + ": not a model input; inputs are "
                            + g.inputs().stream().map(ValueInfo::name).toList()));
            Path f = e.getValue();
            if (f.getFileName().toString().endsWith(".npy")) {
                inputs.put(vi.name(), Npy.read(f));
            } else {
                TensorType t = vi.type();
                if (t.dtype() == null || !t.isStatic()) {
                    throw new QmapException("--input " + vi.name() + "=" + f + ": a raw file needs a fixed shape, but "
                            + "the model declares " + t + "; give --input-shape " + vi.name() + " SHAPE");
                }
                inputs.put(vi.name(), RawTensors.read(f, t.dtype(), t.dims()));
            }
        }
        return inputs;
    }
}
