package qmap.build;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import qmap.config.Config;
import qmap.io.AtomicFiles;
import qmap.io.Json;
import qmap.ir.Graph;
import qmap.ir.Model;
import qmap.ir.TensorType;
import qmap.ir.ValueInfo;
import qmap.onnx.OnnxWriter;
import qmap.pkg.PackageWriter;
import qmap.pkg.QmapPackage;
import qmap.target.NodePlacement;
import qmap.target.PlacementPlan;
import qmap.target.TargetProfile;

/**
 * Writes the build's files into working_dir as PREFIX + suffix. Each file is written whole
 * through a temporary file, so an interrupted build never leaves a half file that looks valid.
 */
final class BuildOutputs {
    private final Config cfg;
    private final BuildLog log;

    BuildOutputs(Config cfg, BuildLog log) {
        this.cfg = cfg;
        this.log = log;
    }

    Path model(String suffix, Model source, Graph g) {
        Path file = cfg.model().output(suffix);
        OnnxWriter.write(source.withGraph(g), file);
        log.say("wrote " + file);
        return file;
    }

    Path text(String suffix, String content) {
        Path file = cfg.model().output(suffix);
        AtomicFiles.write(file, content.getBytes(StandardCharsets.UTF_8));
        log.say("wrote " + file);
        return file;
    }

    Path pkg(byte[] quantizedModel, ModelInputs.Resolved inputs, Map<String, String> preprocessed, Graph quantized,
             PlacementPlan placement, TargetProfile profile) {
        Map<String, Object> manifest = new LinkedHashMap<>();
        manifest.put("march", profile.name());
        List<Object> ins = new ArrayList<>();
        for (ValueInfo vi : quantized.inputs()) {
            InputFormat f = inputs.formats().stream().filter(x -> x.name().equals(vi.name())).findFirst().orElse(null);
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("name", vi.name());
            m.put("dtype", vi.type().dtype() == null ? "float" : vi.type().dtype().onnxName());
            m.put("shape", vi.type().dims());
            if (f != null) {
                m.put("type_rt", f.typeRt());
                m.put("layout_rt", f.layoutRt());
            }
            m.put("preprocessed", preprocessed.getOrDefault(vi.name(), vi.name()));
            ins.add(m);
        }
        manifest.put("inputs", ins);
        List<Object> outs = new ArrayList<>();
        for (ValueInfo vi : quantized.outputs()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("name", vi.name());
            TensorType t = quantized.typeOf(vi.name());
            m.put("dtype", t.dtype() == null ? "float" : t.dtype().onnxName());
            outs.add(m);
        }
        manifest.put("outputs", outs);
        Map<String, byte[]> parts = new LinkedHashMap<>();
        parts.put(QmapPackage.MODEL_PART, quantizedModel);
        parts.put("placement.json", Json.write(placementDoc(placement)).getBytes(StandardCharsets.UTF_8));
        parts.put("profile.yaml", String.join("---\n", profile.yamlTexts()).getBytes(StandardCharsets.UTF_8));
        Path file = cfg.model().output(".qmap");
        PackageWriter.write(new QmapPackage(manifest, parts), file);
        log.say("wrote " + file);
        return file;
    }

    static Map<String, Object> placementDoc(PlacementPlan placement) {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("march", placement.march());
        List<Object> nodes = new ArrayList<>();
        for (NodePlacement p : placement.nodes()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("name", p.name());
            m.put("op", p.op());
            m.put("on", p.unit().profileName());
            m.put("subgraph", p.subgraph());
            m.put("reason", p.reason());
            nodes.add(m);
        }
        doc.put("nodes", nodes);
        return doc;
    }

    Path buildLog(Config resolved) {
        StringBuilder sb = new StringBuilder();
        sb.append("# resolved config\n").append(resolved.describe()).append('\n');
        sb.append("# build\n");
        for (String line : log.lines()) {
            sb.append(line).append('\n');
        }
        Path file = cfg.model().output("_build.log");
        AtomicFiles.write(file, sb.toString().getBytes(StandardCharsets.UTF_8));
        return file;
    }
}
