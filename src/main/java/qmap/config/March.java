package qmap.config;

/** The target micro-architecture (`model_parameters.march`); each has a profile in qmap.target. */
public enum March {
    BERNOULLI2("bernoulli2"),
    BAYES("bayes"),
    GENERIC_INT8("generic-int8");

    private final String yamlName;

    March(String yamlName) {
        this.yamlName = yamlName;
    }

    /** The spelling used in the config file. */
    @Override
    public String toString() {
        return yamlName;
    }

    /** Whether node_info / tensor overrides may ask for int16 activations (bayes only, TARGETS.md §2). */
    public boolean hasInt16() {
        return this == BAYES;
    }
}
