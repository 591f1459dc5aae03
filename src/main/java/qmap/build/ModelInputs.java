package qmap.build;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import qmap.config.Config;
import qmap.QmapException;
import qmap.config.InputSpec;
import qmap.ir.Graph;
import qmap.ir.Shapes;
import qmap.ir.TensorType;
import qmap.ir.ValueInfo;

/**
 * The config's inputs checked against the model's: every configured name is a model input,
 * every model input is configured, and the training shape agrees with the declared dims. Names
 * or shapes the config leaves out are taken from the model.
 */
public final class ModelInputs {
    private ModelInputs() {
    }

    /** The config completed from the model, and one {@link InputFormat} per input. */
    public record Resolved(Config config, List<InputFormat> formats, Map<String, int[]> trainingShapes) {
    }

    public static Resolved resolve(Config config, Graph g) {
        List<String> modelInputs = g.inputs().stream().map(ValueInfo::name).toList();
        List<InputSpec> completed = new ArrayList<>();
        for (InputSpec spec : config.inputs()) {
            InputSpec s = spec;
            if (!s.hasName()) {
                if (modelInputs.size() != 1) {
                    throw new QmapException(config.file() + ": input_parameters.input_name: the model has "
                            + modelInputs.size() + " inputs " + modelInputs + "; name them");
                }
                s = s.withName(modelInputs.get(0));
            }
            String name = s.name();
            ValueInfo vi = g.inputs().stream().filter(i -> i.name().equals(name)).findFirst().orElseThrow(() ->
                    new QmapException(config.file() + ": input_parameters.input_name: '" + name
                            + "' is not an input of " + config.model().onnxModel().getFileName() + "; its inputs are "
                            + modelInputs));
            if (!s.hasShape()) {
                if (!vi.type().isStatic()) {
                    throw new QmapException(config.file() + ": input_parameters.input_shape: input '" + name
                            + "' has dynamic dims in the model (" + vi.type() + "); give its shape");
                }
                s = s.withShape(vi.type().dims());
            }
            checkShape(config, s, vi.type());
            completed.add(s);
        }
        for (String m : modelInputs) {
            if (completed.stream().noneMatch(s -> s.name().equals(m))) {
                throw new QmapException(config.file() + ": input_parameters.input_name: model input '" + m
                        + "' is not configured (configured: " + completed.stream().map(InputSpec::name).toList() + ")");
            }
        }
        Config full = config.withInputs(completed);
        List<InputFormat> formats = new ArrayList<>();
        Map<String, int[]> shapes = new LinkedHashMap<>();
        for (InputSpec s : completed) {
            formats.add(new InputFormat(s.name(), s.typeTrain().toString(), s.layoutTrain().toString(),
                    s.typeRt().toString(), s.layoutRt().toString(), s.shape(), s.normType().toString(),
                    s.mean(), s.scale()));
            shapes.put(s.name(), s.shape());
        }
        return new Resolved(full, formats, shapes);
    }

    private static void checkShape(Config config, InputSpec s, TensorType declared) {
        int[] shape = s.shape();
        if (!declared.hasRank()) {
            return;
        }
        boolean ok = declared.rank() == shape.length;
        for (int i = 0; ok && i < shape.length; i++) {
            ok = declared.dims()[i] < 0 || declared.dims()[i] == shape[i];
        }
        if (!ok) {
            throw new QmapException(config.file() + ": input_parameters.input_shape: input '" + s.name() + "' is "
                    + Shapes.format(shape) + " in the config but " + declared + " in the model");
        }
    }
}
