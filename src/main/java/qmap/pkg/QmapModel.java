package qmap.pkg;

import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import qmap.exec.Executor;
import qmap.ir.Model;
import qmap.ir.Tensor;
import qmap.onnx.OnnxReader;

/**
 * A model to run from either kind of file qmap reads: an ONNX model, or a .qmap package (its
 * hashes verified, its quantized model loaded). Inputs are in the model's runtime format (e.g.
 * uint8 NHWC BGR for an image input), by name.
 */
public final class QmapModel {
    private final Model model;
    private final Map<String, Object> manifest;

    private QmapModel(Model model, Map<String, Object> manifest) {
        this.model = model;
        this.manifest = manifest;
    }

    /** Opens an .onnx or .qmap file. */
    public static QmapModel open(Path file) {
        if (file.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".qmap")) {
            QmapPackage p = PackageReader.read(file);
            Model m = OnnxReader.read(p.part(QmapPackage.MODEL_PART), null, file + "!" + QmapPackage.MODEL_PART);
            return new QmapModel(m, p.manifest());
        }
        return new QmapModel(OnnxReader.read(file), Map.of());
    }

    public Model model() {
        return model;
    }

    /** The package manifest (march, inputs with runtime type/layout/shape, outputs); empty for ONNX files. */
    public Map<String, Object> manifest() {
        return manifest;
    }

    /** Runs once with the given thread count and returns the outputs by name. */
    public Map<String, Tensor> run(Map<String, Tensor> inputs, int threads) {
        try (Executor exec = Executor.of(model, threads)) {
            return exec.run(inputs);
        }
    }
}
