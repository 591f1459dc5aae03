package qmap.config;

/** The normalization folded into the model (`norm_type`), applied to training-format data. */
public enum NormType {
    NO_PREPROCESS("no_preprocess"),
    DATA_MEAN("data_mean"),
    DATA_SCALE("data_scale"),
    DATA_MEAN_AND_SCALE("data_mean_and_scale");

    private final String yamlName;

    NormType(String yamlName) {
        this.yamlName = yamlName;
    }

    /** The spelling used in the config file. */
    @Override
    public String toString() {
        return yamlName;
    }

    public boolean usesMean() {
        return this == DATA_MEAN || this == DATA_MEAN_AND_SCALE;
    }

    public boolean usesScale() {
        return this == DATA_SCALE || this == DATA_MEAN_AND_SCALE;
    }
}
