package qmap.calib;

/**
 * What a symmetric quantizer with threshold T does to a tensor, read from its |x| histogram:
 * the share of values clipped, the share rounded to zero, and the expected squared error.
 * Values are taken as spread uniformly within each bin (exact zeros as a point mass at 0, the
 * top bin ending at the exact |x| maximum). Used to compare calibration methods on one tensor.
 */
public final class QuantizationError {
    private final Histogram histogram;

    public QuantizationError(Histogram histogram) {
        this.histogram = histogram;
    }

    public QuantizationError(TensorObserver observed) {
        this(observed.histogram());
    }

    /** Share of values with |x| > T, which the quantizer clips to ±T. */
    public double clippedFraction(double threshold) {
        if (histogram.count() == 0) {
            return 0;
        }
        return 1 - histogram.fractionBelow(threshold);
    }

    /** Share of values with |x| < scale / 2 (scale = T / qmax), which quantize to 0. */
    public double zeroFraction(double threshold, int qmax) {
        return histogram.fractionBelow(threshold / qmax / 2);
    }

    /**
     * Mean of (x - dequantize(quantize(x)))² over all values: the rounding error below T and the
     * clipping error above it, integrated exactly over each bin.
     */
    public double expectedMse(double threshold, int qmax) {
        long n = histogram.count();
        if (n == 0) {
            return 0;
        }
        if (!(threshold > 0)) {
            return histogram.absMax() == 0 ? 0 : meanSquareOfBins();
        }
        double scale = threshold / qmax;
        double width = histogram.binWidth();
        int last = histogram.lastNonEmptyBin();
        double total = 0;
        for (int j = 0; j <= last; j++) {
            long c = histogram.nonZeroCount(j);
            if (c == 0) {
                continue;
            }
            double a = j * width;
            double b = histogram.upperEdge(j);
            double err = b > a
                    ? (squaredErrorIntegral(b, threshold, scale) - squaredErrorIntegral(a, threshold, scale)) / (b - a)
                    : squaredError(a, threshold, scale);
            total += c * err;
        }
        return total / n;
    }

    /** ∫₀ˣ (t - q(t))² dt for the quantizer q with the given threshold and scale. */
    static double squaredErrorIntegral(double x, double threshold, double scale) {
        if (x <= threshold) {
            return roundingIntegral(x, scale);
        }
        double d = x - threshold;
        return roundingIntegral(threshold, scale) + d * d * d / 3;
    }

    private static double squaredError(double x, double threshold, double scale) {
        double e = x > threshold ? x - threshold : x - scale * Math.rint(x / scale);
        return e * e;
    }

    /**
     * ∫₀ˣ (t - s·round(t/s))² dt. With u = t/s + ½ the error is s·(frac(u) - ½), whose square
     * integrates to 1/12 per whole period and ((f - ½)³ + ⅛) / 3 over a part f of one.
     */
    static double roundingIntegral(double x, double s) {
        return s * s * s * (periodIntegral(x / s + 0.5) - periodIntegral(0.5));
    }

    private static double periodIntegral(double u) {
        double whole = Math.floor(u);
        double f = u - whole - 0.5;
        return whole / 12 + (f * f * f + 0.125) / 3;
    }

    /** Mean of x² as the histogram sees it: the error when everything quantizes to 0. */
    private double meanSquareOfBins() {
        double width = histogram.binWidth();
        double total = 0;
        for (int j = 0, last = histogram.lastNonEmptyBin(); j <= last; j++) {
            double a = j * width;
            double b = histogram.upperEdge(j);
            double m = b > a ? (b * b * b - a * a * a) / (3 * (b - a)) : a * a;
            total += histogram.nonZeroCount(j) * m;
        }
        return total / histogram.count();
    }
}
