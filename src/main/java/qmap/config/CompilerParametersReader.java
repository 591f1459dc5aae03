package qmap.config;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Reads {@code compiler_parameters}: validated and recorded, they do not change qmap's arithmetic. */
final class CompilerParametersReader {
    static final List<String> KEYS = List.of("compile_mode", "debug", "core_num", "optimize_level", "max_time_per_fc",
            "jobs");

    private CompilerParametersReader() {
    }

    static CompilerParameters read(Optional<YamlMap> group, ReadContext ctx) {
        CompilerParameters d = CompilerParameters.DEFAULTS;
        if (group.isEmpty()) {
            KEYS.forEach(k -> ctx.defaulted("compiler_parameters." + k));
            return d;
        }
        YamlMap g = group.get();
        g.allowOnly(KEYS, "key");
        int maxCores = ctx.march == March.BERNOULLI2 ? 2 : 64;
        return new CompilerParameters(
                word(g, "compile_mode", List.of("latency", "bandwidth", "balance"), d.compileMode(), ctx),
                ModelParametersReader.flag(g, "debug", ctx),
                (int) integer(g, "core_num", 1, maxCores, d.coreNum(), ctx),
                word(g, "optimize_level", List.of("O0", "O1", "O2", "O3"), d.optimizeLevel(), ctx),
                (int) integer(g, "max_time_per_fc", 0, Integer.MAX_VALUE, d.maxTimePerFc(), ctx),
                (int) integer(g, "jobs", 1, 1024, d.jobs(), ctx));
    }

    static String word(YamlMap g, String key, List<String> allowed, String dflt, ReadContext ctx) {
        Optional<Value> v = g.get(key);
        if (v.isEmpty()) {
            ctx.defaulted(g.qualified(key));
            return dflt;
        }
        Map<String, String> table = new LinkedHashMap<>();
        allowed.forEach(a -> table.put(a, a));
        return v.get().lookup(v.get().text(), table, "");
    }

    static long integer(YamlMap g, String key, long min, long max, long dflt, ReadContext ctx) {
        Optional<Value> v = g.get(key);
        if (v.isEmpty()) {
            ctx.defaulted(g.qualified(key));
            return dflt;
        }
        return v.get().integer(min, max);
    }
}
