package qmap.config;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** What every group reader needs: the config's folder, the final march, the flags, and notes for the log. */
final class ReadContext {
    final Path baseDir;
    final March march;
    final Overrides overrides;
    private final boolean marchFromFlag;
    private final Map<String, String> origins = new LinkedHashMap<>();
    private final List<String> warnings = new ArrayList<>();

    ReadContext(Path baseDir, March march, boolean marchFromFlag, Overrides overrides) {
        this.baseDir = baseDir;
        this.march = march;
        this.marchFromFlag = marchFromFlag;
        this.overrides = overrides;
    }

    /** "bernoulli2" or "bernoulli2 (from --march)", for messages. */
    String marchName() {
        return march + (marchFromFlag ? " (from --march)" : "");
    }

    /** Fails when int16 is asked for on a march without it. */
    void requireInt16(Value v, String found) {
        if (!march.hasInt16()) {
            throw v.error("expected int8 (march " + marchName() + " has no int16; bayes has), found " + found);
        }
    }

    void defaulted(String key) {
        origins.putIfAbsent(key, "default");
    }

    void overridden(String key, String flag) {
        origins.put(key, "from " + flag);
    }

    void warn(String message) {
        warnings.add(message);
    }

    Map<String, String> origins() {
        return origins;
    }

    List<String> warnings() {
        return warnings;
    }
}
