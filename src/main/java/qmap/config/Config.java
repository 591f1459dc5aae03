package qmap.config;

import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A validated, immutable hb_mapper makertbin config. Read one with {@link ConfigReader#read}.
 *
 * @param file         the config file (absolute)
 * @param inputs       one spec per input, in input_name order
 * @param origins      where a value not written in the file came from: "default" or "from --FLAG",
 *                     by qualified key (e.g. {@code calibration_parameters.per_channel})
 * @param warnings     settings that were accepted but have no effect, for the build log
 */
public record Config(Path file, ModelParameters model, List<InputSpec> inputs, CalibrationParameters calibration,
        CompilerParameters compiler, QmapParameters qmap, Map<String, String> origins, List<String> warnings) {

    public Config {
        inputs = List.copyOf(inputs);
        origins = Collections.unmodifiableMap(new LinkedHashMap<>(origins));
        warnings = List.copyOf(warnings);
    }

    public March march() {
        return model.march();
    }

    public Optional<InputSpec> input(String name) {
        return inputs.stream().filter(s -> s.name().equals(name)).findFirst();
    }

    /** This config with inputs completed from the model (names or shapes the file left out), noted as such. */
    public Config withInputs(List<InputSpec> completed) {
        if (completed.size() != inputs.size()) {
            throw new IllegalArgumentException("expected " + inputs.size() + " inputs, got " + completed.size());
        }
        Map<String, String> notes = new LinkedHashMap<>(origins);
        if (inputs.stream().anyMatch(s -> !s.hasName())) {
            notes.put("input_parameters.input_name", "from model");
        }
        if (inputs.stream().anyMatch(s -> !s.hasShape())) {
            notes.put("input_parameters.input_shape", "from model");
        }
        return new Config(file, model, completed, calibration, compiler, qmap, notes, warnings);
    }

    /**
     * The resolved config as stable {@code group.key: value} lines in a fixed order, with
     * {@code # default} / {@code # from --FLAG} notes and any warnings: what the build log records.
     */
    public String describe() {
        return ConfigListing.of(this);
    }
}
