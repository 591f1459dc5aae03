package qmap.build;

import qmap.config.Config;
import qmap.ir.Graph;
import qmap.ir.Model;
import qmap.onnx.OnnxReader;
import qmap.passes.FixInputShapes;
import qmap.passes.PassPipeline;

/**
 * A model made ready for a target from its config: inputs checked against the config, shapes
 * fixed, preprocessing folded in (the original float model), graph optimized, and the view that
 * placement works on (everything after the folded preprocessing).
 */
public record PreparedModel(Config config, Model source, ModelInputs.Resolved inputs, PreprocessFolding.Result pre,
                            Graph original, Graph optimized, Graph placed) {

    public static PreparedModel of(Config config) {
        Model source = OnnxReader.read(config.model().onnxModel());
        ModelInputs.Resolved inputs = ModelInputs.resolve(config, source.graph());
        Graph fixed = new FixInputShapes(inputs.trainingShapes(), "input_parameters.input_shape").apply(source.graph());
        PreprocessFolding.Result pre = PreprocessFolding.apply(fixed, inputs.formats());
        Graph original = PassPipeline.staticShapes().apply(pre.graph());
        Graph optimized = PassPipeline.optimization().apply(original);
        Graph placed = GraphViews.after(optimized, pre.preprocessed());
        return new PreparedModel(inputs.config(), source, inputs, pre, original, optimized, placed);
    }
}
