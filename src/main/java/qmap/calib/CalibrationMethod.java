package qmap.calib;

import qmap.QmapException;

/**
 * A way to choose the symmetric clipping threshold T of a tensor from its observed statistics;
 * the scale is then {@code T / qmax} (qmax = 127 for int8, 32767 for int16). Methods are
 * stateless and deterministic: the same observer gives the same threshold.
 */
public interface CalibrationMethod {
    /** The {@code calibration_type} name, with its parameter where it has one, e.g. "max(0.99995)". */
    String name();

    /** The threshold T > 0 for a tensor with at least one non-zero value, 0 for an all-zero tensor. */
    double threshold(TensorObserver observed, int qmax);

    /**
     * The method for a single-method {@code calibration_type}: "max" (clipping at the
     * {@code maxPercentile} percentile of |x|, absMax at 1.0), "percentile", "kl", "mse".
     * "default", "mix" and "skip" choose among methods or none, so they are the caller's.
     */
    static CalibrationMethod named(String calibrationType, double maxPercentile) {
        return switch (calibrationType) {
            case "max" -> new MaxCalibration(maxPercentile);
            case "percentile" -> new PercentileCalibration();
            case "kl" -> new KlCalibration();
            case "mse" -> new MseCalibration();
            default -> throw new QmapException("calibration_type '" + calibrationType
                    + "' is not a single calibration method (expected max, percentile, kl or mse)");
        };
    }
}
