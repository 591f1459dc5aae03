package qmap.config;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Reads an hb_mapper makertbin YAML config into a validated {@link Config}. Paths in the file are
 * relative to the file's folder. Every problem is a {@link ConfigException} naming the file, line, key,
 * and the expected versus found value.
 */
public final class ConfigReader {
    static final List<String> GROUPS = List.of("model_parameters", "input_parameters", "calibration_parameters",
            "compiler_parameters", "qmap_parameters");

    private ConfigReader() {
    }

    public static Config read(Path configFile) {
        return read(configFile, Overrides.NONE);
    }

    /** Reads the config with command-line overrides applied (--working-dir, --calibration-type, --march). */
    public static Config read(Path configFile, Overrides overrides) {
        YamlMap root = ConfigFile.readRoot(configFile);
        root.allowOnly(GROUPS, "group");
        YamlMap model = requiredGroup(root, "model_parameters");
        YamlMap input = requiredGroup(root, "input_parameters");
        YamlMap calibration = requiredGroup(root, "calibration_parameters");
        Path baseDir = configFile.toAbsolutePath().normalize().getParent();
        ReadContext ctx = new ReadContext(baseDir, march(model, overrides), overrides.march().isPresent(), overrides);
        if (overrides.march().isPresent()) {
            ctx.overridden(model.qualified("march"), "--march");
        }
        ModelParameters modelParameters = ModelParametersReader.read(model, ctx);
        List<InputSpec> inputs = InputParametersReader.read(input, ctx);
        CalibrationParameters cal = CalibrationParametersReader.read(calibration, inputs, ctx);
        CompilerParameters compiler = CompilerParametersReader.read(group(root, "compiler_parameters"), ctx);
        QmapParameters qmap = QmapParametersReader.read(group(root, "qmap_parameters"), ctx);
        markDefaults(model, ModelParametersReader.KEYS, ctx);
        markDefaults(calibration, CalibrationParametersReader.KEYS, ctx);
        return new Config(configFile.toAbsolutePath().normalize(), modelParameters, inputs, cal, compiler, qmap,
                ctx.origins(), ctx.warnings());
    }

    /** An optional group; written with no keys it is the same as absent. */
    private static Optional<YamlMap> group(YamlMap root, String name) {
        return root.get(name).map(Value::map);
    }

    private static YamlMap requiredGroup(YamlMap root, String name) {
        return root.getRaw(name).map(Value::map).orElseThrow(() -> new ConfigException(root.where(), name,
                "required group is missing (found " + (root.keys().isEmpty() ? "no groups"
                        : String.join(", ", root.keys())) + ")"));
    }

    /** The march of the file, validated even when --march replaces it. */
    private static March march(YamlMap model, Overrides overrides) {
        Optional<Value> v = model.get("march");
        if (overrides.march().isEmpty()) {
            return model.require("march").choice(March.class);
        }
        v.ifPresent(m -> m.choice(March.class));
        return flag("--march", overrides.march().get(), March.class);
    }

    static CalibrationType calibrationType(YamlMap g, ReadContext ctx) {
        String key = g.qualified("calibration_type");
        Optional<Value> v = g.get("calibration_type");
        Optional<CalibrationType> fromFile = v.map(t -> t.choice(CalibrationType.class));
        if (ctx.overrides.calibrationType().isPresent()) {
            ctx.overridden(key, "--calibration-type");
            return flag("--calibration-type", ctx.overrides.calibrationType().get(), CalibrationType.class);
        }
        if (fromFile.isEmpty()) {
            ctx.defaulted(key);
        }
        return fromFile.orElse(CalibrationType.DEFAULT);
    }

    /** Notes every key the file leaves out, so the listing can say "# default". */
    private static void markDefaults(YamlMap g, List<String> keys, ReadContext ctx) {
        for (String key : keys) {
            boolean alias = key.equals("run_on_bpu") && g.get("run_on_npu").isPresent();
            if (g.get(key).isEmpty() && !alias) {
                ctx.defaulted(g.qualified(key));
            }
        }
    }

    private static <E extends Enum<E>> E flag(String flag, String text, Class<E> type) {
        Map<String, E> table = new LinkedHashMap<>();
        for (E e : type.getEnumConstants()) {
            if (e.toString().equalsIgnoreCase(text.trim())) {
                return e;
            }
            table.put(e.toString(), e);
        }
        throw ConfigException.unlocated(flag, "expected one of " + String.join(", ", table.keySet()) + ", found '"
                + text + "'" + ClosestName.hint(text.trim(), table.keySet()));
    }
}
