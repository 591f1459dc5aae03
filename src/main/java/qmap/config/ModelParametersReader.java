package qmap.config;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Reads {@code model_parameters}. */
final class ModelParametersReader {
    static final List<String> KEYS = List.of("onnx_model", "march", "output_model_file_prefix", "working_dir",
            "layer_out_dump", "output_nodes", "remove_node_type", "node_info");
    static final String DEFAULT_PREFIX = "model";
    static final String DEFAULT_WORKING_DIR = "model_output";

    private ModelParametersReader() {
    }

    static ModelParameters read(YamlMap g, ReadContext ctx) {
        g.allowOnly(KEYS, "key");
        Value model = g.require("onnx_model");
        Path onnx = model.path(model.text(), ctx.baseDir, "");
        if (!Files.isRegularFile(onnx)) {
            throw model.error("expected an existing model file, found "
                    + (Files.isDirectory(onnx) ? "a folder at " : "no file at ") + onnx);
        }
        String prefix = g.get("output_model_file_prefix").map(ModelParametersReader::prefix).orElseGet(() -> {
            ctx.defaulted(g.qualified("output_model_file_prefix"));
            return DEFAULT_PREFIX;
        });
        return new ModelParameters(onnx, ctx.march, prefix, workingDir(g, ctx),
                flag(g, "layer_out_dump", ctx), names(g.get("output_nodes")), names(g.get("remove_node_type")),
                g.get("node_info").map(v -> NodeInfoReader.read(v, ctx)).orElse(Map.of()));
    }

    private static String prefix(Value v) {
        String p = v.text();
        if (p.contains("/") || p.contains("\\")) {
            throw v.error("expected a file-name prefix without folders (put folders in working_dir), found '"
                    + p + "'");
        }
        return p;
    }

    private static Path workingDir(YamlMap g, ReadContext ctx) {
        String key = g.qualified("working_dir");
        if (ctx.overrides.workingDir().isPresent()) {
            ctx.overridden(key, "--working-dir");
            return ctx.overrides.workingDir().get().toAbsolutePath().normalize();
        }
        Optional<Value> v = g.get("working_dir");
        if (v.isEmpty()) {
            ctx.defaulted(key);
            return ctx.baseDir.resolve(DEFAULT_WORKING_DIR).toAbsolutePath().normalize();
        }
        Path dir = v.get().path(v.get().text(), ctx.baseDir, "");
        if (Files.exists(dir) && !Files.isDirectory(dir)) {
            throw v.get().error("expected a folder (existing or not), found a file at " + dir);
        }
        return dir;
    }

    /** An optional True/False key, default False. */
    static boolean flag(YamlMap g, String key, ReadContext ctx) {
        Optional<Value> v = g.get(key);
        if (v.isEmpty()) {
            ctx.defaulted(g.qualified(key));
            return false;
        }
        return v.get().bool();
    }

    /** A {@code ;}-separated list of non-empty names (node or op names); a trailing {@code ;} is allowed. */
    static List<String> names(Optional<Value> v) {
        if (v.isEmpty()) {
            return List.of();
        }
        List<String> items = v.get().items();
        if (items.size() > 1 && items.get(items.size() - 1).isEmpty()) {
            items.remove(items.size() - 1);
        }
        for (int i = 0; i < items.size(); i++) {
            if (items.get(i).isEmpty()) {
                throw v.get().error("expected names separated by ';', found an empty name at position " + (i + 1));
            }
        }
        return items;
    }
}
