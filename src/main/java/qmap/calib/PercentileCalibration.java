package qmap.calib;

/** Clips at a fixed percentile of |x| (ONNX Runtime's Percentile calibrator, on |x|). */
public final class PercentileCalibration implements CalibrationMethod {
    public static final double DEFAULT_PERCENTILE = 0.99995;

    private final double percentile;

    public PercentileCalibration() {
        this(DEFAULT_PERCENTILE);
    }

    /** @param percentile the fraction of |x| kept unclipped, in (0, 1] */
    public PercentileCalibration(double percentile) {
        if (!(percentile > 0 && percentile <= 1)) {
            throw new IllegalArgumentException("percentile must be in (0, 1], got " + percentile);
        }
        this.percentile = percentile;
    }

    public double percentile() {
        return percentile;
    }

    @Override
    public String name() {
        return "percentile(" + percentile + ")";
    }

    @Override
    public double threshold(TensorObserver observed, int qmax) {
        return observed.histogram().percentile(percentile);
    }
}
