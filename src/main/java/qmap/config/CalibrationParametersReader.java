package qmap.config;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import qmap.ir.DType;

/** Reads {@code calibration_parameters}. */
final class CalibrationParametersReader {
    static final List<String> KEYS = List.of("cal_data_dir", "cal_data_type", "preprocess_on", "calibration_type",
            "max_percentile", "per_channel", "run_on_cpu", "run_on_bpu", "run_on_npu", "optimization");
    static final Map<String, DType> DATA_TYPES = new LinkedHashMap<>();

    static {
        DATA_TYPES.put("uint8", DType.UINT8);
        DATA_TYPES.put("int8", DType.INT8);
        DATA_TYPES.put("uint16", DType.UINT16);
        DATA_TYPES.put("int16", DType.INT16);
        DATA_TYPES.put("int32", DType.INT32);
        DATA_TYPES.put("float16", DType.FLOAT16);
        DATA_TYPES.put("float32", DType.FLOAT);
        DATA_TYPES.put("float64", DType.DOUBLE);
    }

    private CalibrationParametersReader() {
    }

    static CalibrationParameters read(YamlMap g, List<InputSpec> inputs, ReadContext ctx) {
        g.allowOnly(KEYS, "key");
        CalibrationType type = ConfigReader.calibrationType(g, ctx);
        List<Path> dirs = type == CalibrationType.SKIP ? skippedDirs(g, ctx) : dirs(g, inputs, ctx);
        List<DType> dataTypes = dataTypes(g, inputs, dirs, ctx);
        double percentile = g.get("max_percentile").map(CalibrationParametersReader::percentile).orElseGet(() -> {
            ctx.defaulted(g.qualified("max_percentile"));
            return 1.0;
        });
        List<String> cpu = ModelParametersReader.names(g.get("run_on_cpu"));
        List<String> npu = npuNodes(g);
        List<String> optimization = ModelParametersReader.names(g.get("optimization"));
        if (optimization.contains("set_model_output_int16")) {
            ctx.requireInt16(g.get("optimization").get(), "set_model_output_int16");
        }
        return new CalibrationParameters(dirs, dataTypes, ModelParametersReader.flag(g, "preprocess_on", ctx), type,
                percentile, ModelParametersReader.flag(g, "per_channel", ctx), cpu, npu, optimization);
    }

    private static List<Path> dirs(YamlMap g, List<InputSpec> inputs, ReadContext ctx) {
        Value v = g.require("cal_data_dir");
        List<String> items = v.perInput(inputs.size());
        List<Path> out = new ArrayList<>();
        for (int i = 0; i < items.size(); i++) {
            String of = inputs.get(i).hasName() ? " for input '" + inputs.get(i).name() + "'" : "";
            if (items.get(i).isEmpty()) {
                throw v.error("expected a folder" + of + ", found an empty item");
            }
            Path dir = v.path(items.get(i), ctx.baseDir, of);
            if (!Files.isDirectory(dir)) {
                throw v.error("expected an existing folder of calibration samples" + of + ", found "
                        + (Files.exists(dir) ? "a file at " : "no folder at ") + dir);
            }
            out.add(dir);
        }
        return out;
    }

    private static List<Path> skippedDirs(YamlMap g, ReadContext ctx) {
        if (g.get("cal_data_dir").isPresent()) {
            ctx.warn(g.qualified("cal_data_dir") + " ignored: calibration_type skip uses random data");
        }
        return List.of();
    }

    /** Default: float32 for a folder named *_f32 (hb_mapper's rule) or a featuremap input, else uint8. */
    private static List<DType> dataTypes(YamlMap g, List<InputSpec> inputs, List<Path> dirs, ReadContext ctx) {
        PerInput p = PerInput.of(g, "cal_data_type", inputs.size(), ctx);
        List<DType> out = new ArrayList<>();
        for (int i = 0; i < inputs.size(); i++) {
            String of = inputs.get(i).hasName() ? " for input '" + inputs.get(i).name() + "'" : "";
            boolean f32 = (!dirs.isEmpty() && dirs.get(i).getFileName() != null
                    && dirs.get(i).getFileName().toString().endsWith("_f32"))
                    || inputs.get(i).typeTrain() == InputType.FEATUREMAP;
            out.add(p.item(i).map(t -> p.value().lookup(t, DATA_TYPES, of)).orElse(f32 ? DType.FLOAT : DType.UINT8));
        }
        return out;
    }

    private static double percentile(Value v) {
        double p = v.number();
        if (!(p > 0 && p <= 1)) {
            throw v.error("expected a number in (0, 1], found " + v.text());
        }
        return p;
    }

    private static List<String> npuNodes(YamlMap g) {
        Optional<Value> bpu = g.get("run_on_bpu");
        Optional<Value> npu = g.get("run_on_npu");
        if (bpu.isPresent() && npu.isPresent()) {
            throw npu.get().error("expected either run_on_bpu or its alias run_on_npu, found both (run_on_bpu on line "
                    + bpu.get().keyWhere().line() + ")");
        }
        Optional<Value> v = bpu.isPresent() ? bpu : npu;
        List<String> nodes = ModelParametersReader.names(v);
        Set<String> cpu = new HashSet<>(ModelParametersReader.names(g.get("run_on_cpu")));
        for (String node : nodes) {
            if (cpu.contains(node)) {
                throw v.get().error("expected each node on one side, found '" + node + "' also in run_on_cpu");
            }
        }
        return nodes;
    }
}
