package qmap.bench;

import java.nio.file.Path;
import java.util.Map;
import qmap.exec.Executor;
import qmap.ir.Model;
import qmap.ir.Tensor;
import qmap.onnx.OnnxReader;
import qmap.passes.PassPipeline;
import qmap.run.RunJob;

/** qmap's Executor on a model file; one executor per calling thread (an executor's run is single-threaded). */
public final class QmapRunner implements ModelRunner {
    private final Model model;
    private final String input;
    private final ThreadLocal<Executor> executors;

    private QmapRunner(Model model) {
        this.model = model;
        this.input = model.graph().inputs().get(0).name();
        // samples already run in parallel, one executor per thread: each executor runs on its own thread only
        this.executors = ThreadLocal.withInitial(() -> Executor.of(this.model, 1));
    }

    /** A model qmap wrote (static shapes), run as written. */
    public static QmapRunner of(Path file) {
        return new QmapRunner(OnnxReader.read(file));
    }

    /** A model with dynamic input dims: fixed to {@code shape}, then shapes folded as {@code qmap run} does. */
    public static QmapRunner withInputShape(Path file, int[] shape) {
        Model m = OnnxReader.read(file);
        String name = m.graph().inputs().get(0).name();
        Model fixed = RunJob.withInputShapes(m, Map.of(name, shape));
        return new QmapRunner(fixed.withGraph(PassPipeline.staticShapes().apply(fixed.graph())));
    }

    @Override
    public float[] run(Tensor x) {
        Map<String, Tensor> out = executors.get().run(Map.of(input, x));
        return out.values().iterator().next().toFloats();
    }

    @Override
    public void close() {
    }
}
