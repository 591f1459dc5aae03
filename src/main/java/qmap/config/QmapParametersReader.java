package qmap.config;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;

/** Reads qmap's own optional group {@code qmap_parameters}. */
final class QmapParametersReader {
    static final List<String> KEYS = List.of("threads", "target_cosine", "eval_samples", "seed", "tensor_overrides",
            "bias_correction");
    private static final List<String> OVERRIDE_KEYS = List.of("calibration_type", "max_percentile", "dtype");

    private QmapParametersReader() {
    }

    static QmapParameters read(Optional<YamlMap> group, ReadContext ctx) {
        QmapParameters d = QmapParameters.defaults();
        if (group.isEmpty()) {
            KEYS.forEach(k -> ctx.defaulted("qmap_parameters." + k));
            return d;
        }
        YamlMap g = group.get();
        g.allowOnly(KEYS, "key");
        double cosine = g.get("target_cosine").map(v -> unitInterval(v, v.number())).orElseGet(() -> {
            ctx.defaulted(g.qualified("target_cosine"));
            return d.targetCosine();
        });
        Map<String, TensorOverride> overrides = g.get("tensor_overrides").map(v -> overrides(v.map(), ctx))
                .orElse(Map.of());
        return new QmapParameters((int) CompilerParametersReader.integer(g, "threads", 1, 4096, d.threads(), ctx),
                cosine, (int) CompilerParametersReader.integer(g, "eval_samples", 0, Integer.MAX_VALUE, 0, ctx),
                CompilerParametersReader.integer(g, "seed", Long.MIN_VALUE, Long.MAX_VALUE, 0, ctx), overrides,
                g.get("bias_correction").map(Value::bool).orElseGet(() -> {
                    ctx.defaulted(g.qualified("bias_correction"));
                    return d.biasCorrection();
                }));
    }

    private static Map<String, TensorOverride> overrides(YamlMap tensors, ReadContext ctx) {
        Map<String, TensorOverride> out = new LinkedHashMap<>();
        for (Map.Entry<String, Value> e : tensors.byKey().entrySet()) {
            String tensor = e.getKey();
            Value entry = e.getValue();
            YamlMap m = entry.map();
            m.allowOnly(OVERRIDE_KEYS, "tensor_overrides key");
            Optional<CalibrationType> type = m.get("calibration_type").map(v -> perTensorMethod(v));
            OptionalDouble percentile = m.get("max_percentile").map(v -> OptionalDouble.of(unitInterval(v, v.number())))
                    .orElse(OptionalDouble.empty());
            Optional<Precision> dtype = m.get("dtype").map(v -> v.choice(Precision.class));
            if (dtype.isPresent() && dtype.get() == Precision.INT16) {
                ctx.requireInt16(m.get("dtype").get(), "dtype: int16");
            }
            out.put(tensor, new TensorOverride(tensor, type, percentile, dtype));
        }
        return out;
    }

    private static CalibrationType perTensorMethod(Value v) {
        CalibrationType t = v.choice(CalibrationType.class);
        if (!t.isPerTensorMethod()) {
            throw v.error("expected one of kl, max, percentile, mse (a method for one tensor), found '" + t + "'");
        }
        return t;
    }

    /** A value in (0, 1]. */
    private static double unitInterval(Value v, double x) {
        if (!(x > 0 && x <= 1)) {
            throw v.error("expected a number in (0, 1], found " + v.text());
        }
        return x;
    }
}
