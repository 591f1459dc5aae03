package qmap.config;

/** How activation thresholds are chosen (`calibration_parameters.calibration_type`). */
public enum CalibrationType {
    DEFAULT("default"),
    MIX("mix"),
    KL("kl"),
    MAX("max"),
    PERCENTILE("percentile"),
    MSE("mse"),
    SKIP("skip");

    private final String yamlName;

    CalibrationType(String yamlName) {
        this.yamlName = yamlName;
    }

    /** The spelling used in the config file. */
    @Override
    public String toString() {
        return yamlName;
    }

    /** Whether a single tensor can be calibrated this way (qmap_parameters.tensor_overrides). */
    public boolean isPerTensorMethod() {
        return this == KL || this == MAX || this == PERCENTILE || this == MSE;
    }
}
