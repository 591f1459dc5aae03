package qmap.config;

import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code model_parameters}.
 *
 * @param onnxModel        the float model (exists; resolved against the config file's folder)
 * @param outputPrefix     output_model_file_prefix (default "model")
 * @param workingDir       where outputs go (default "model_output" next to the config; may not exist yet)
 * @param layerOutDump     layer_out_dump (default False)
 * @param outputNodes      output_nodes: extra tensors to expose as outputs (default none)
 * @param removeNodeTypes  remove_node_type: op types to strip at the model's head/tail (default none)
 * @param nodeInfo         node_info by node name, in file order (default none)
 */
public record ModelParameters(Path onnxModel, March march, String outputPrefix, Path workingDir,
        boolean layerOutDump, List<String> outputNodes, List<String> removeNodeTypes,
        Map<String, NodeInfo> nodeInfo) {

    public ModelParameters {
        outputNodes = List.copyOf(outputNodes);
        removeNodeTypes = List.copyOf(removeNodeTypes);
        nodeInfo = Collections.unmodifiableMap(new LinkedHashMap<>(nodeInfo));
    }

    /** {@code working_dir/PREFIX + suffix}, e.g. {@code output("_quantized_model.onnx")}. */
    public Path output(String suffix) {
        return workingDir.resolve(outputPrefix + suffix);
    }
}
