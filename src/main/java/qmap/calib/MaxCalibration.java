package qmap.calib;

/**
 * hb_mapper's {@code max}: the largest |x| seen, or with {@code max_percentile} below 1 the
 * value under which that fraction of |x| lies, which ignores the rarest outliers.
 */
public final class MaxCalibration implements CalibrationMethod {
    private final double maxPercentile;

    public MaxCalibration() {
        this(1.0);
    }

    /** @param maxPercentile in (0, 1]; values >= 1 mean the exact |x| maximum */
    public MaxCalibration(double maxPercentile) {
        if (!(maxPercentile > 0)) {
            throw new IllegalArgumentException("max_percentile must be in (0, 1], got " + maxPercentile);
        }
        this.maxPercentile = maxPercentile;
    }

    public double maxPercentile() {
        return maxPercentile;
    }

    @Override
    public String name() {
        return maxPercentile >= 1 ? "max" : "max(" + maxPercentile + ")";
    }

    @Override
    public double threshold(TensorObserver observed, int qmax) {
        return maxPercentile >= 1 ? observed.absMax() : observed.histogram().percentile(maxPercentile);
    }
}
