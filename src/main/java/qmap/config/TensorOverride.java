package qmap.config;

import java.util.Optional;
import java.util.OptionalDouble;

/**
 * A per-tensor calibration request from {@code qmap_parameters.tensor_overrides}; what `qmap debug`
 * suggests as a fix. Empty fields keep the model-wide setting.
 */
public record TensorOverride(String tensor, Optional<CalibrationType> calibrationType,
        OptionalDouble maxPercentile, Optional<Precision> dtype) {
}
