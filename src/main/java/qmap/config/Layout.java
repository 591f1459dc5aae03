package qmap.config;

/** A 4-D tensor layout of an input (`input_layout_train`, `input_layout_rt`). */
public enum Layout {
    NCHW("NCHW"),
    NHWC("NHWC");

    private final String yamlName;

    Layout(String yamlName) {
        this.yamlName = yamlName;
    }

    /** The spelling used in the config file. */
    @Override
    public String toString() {
        return yamlName;
    }
}
