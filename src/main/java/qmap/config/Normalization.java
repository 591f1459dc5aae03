package qmap.config;

/**
 * The {@code norm_type}, {@code mean_value} and {@code scale_value} keys of input_parameters.
 * mean/scale hold space-separated numbers per input (one, or one per channel), {@code ;} between inputs.
 */
final class Normalization {
    private final YamlMap group;
    private final ReadContext ctx;
    private final PerInput types;
    private final PerInput means;
    private final PerInput scales;

    Normalization(YamlMap g, int inputCount, ReadContext ctx) {
        this.group = g;
        this.ctx = ctx;
        this.types = PerInput.of(g, "norm_type", inputCount, ctx);
        this.means = PerInput.of(g, "mean_value", inputCount, ctx);
        this.scales = PerInput.of(g, "scale_value", inputCount, ctx);
    }

    NormType type(int i) {
        return types.item(i).map(t -> types.value().choice(t, NormType.class, "")).orElse(NormType.NO_PREPROCESS);
    }

    float[] mean(int i, int channels, String of) {
        return values(means, "mean_value", type(i).usesMean(), i, channels, of, false);
    }

    float[] scale(int i, int channels, String of) {
        return values(scales, "scale_value", type(i).usesScale(), i, channels, of, true);
    }

    private float[] values(PerInput p, String key, boolean used, int i, int channels, String of, boolean nonZero) {
        if (!used) {
            if (p.item(i).isPresent()) {
                ctx.warn(group.qualified(key) + " ignored" + of + ": norm_type is " + type(i));
            }
            return new float[0];
        }
        if (p.item(i).isEmpty()) {
            throw p.error("expected one value or one per channel" + of + " (norm_type " + type(i) + "), found none");
        }
        String[] parts = p.item(i).get().trim().split("[\\s,]+");
        if (parts.length != 1 && channels > 0 && parts.length != channels) {
            throw p.error("expected 1 or " + channels + " values (one per channel)" + of + ", found " + parts.length
                    + " in '" + p.item(i).get() + "'");
        }
        float[] out = new float[parts.length];
        for (int c = 0; c < parts.length; c++) {
            double d = p.value().number(parts[c], of);
            if (!Double.isFinite(d) || (nonZero && d == 0)) {
                throw p.error("expected a finite" + (nonZero ? " non-zero" : "") + " number" + of + ", found '"
                        + parts[c] + "'");
            }
            out[c] = (float) d;
        }
        return out;
    }
}
