package qmap.debug;

import qmap.calib.Histogram;
import qmap.calib.QuantizationError;
import qmap.calib.TensorObserver;
import qmap.quant.ActivationQuant;

/**
 * One float tensor over the calibration set and what its chosen quantization does to it:
 * min and max, percentiles of |x|, the threshold and scale, and the shares of values clipped
 * (|x| above the threshold), rounded to code 0, and rounded to code 0 or ±1.
 */
public record TensorDistribution(String tensor, String dtype, String method, double min, double max, double p50,
                                 double p99, double p999, double p9999, double threshold, double scale,
                                 double clipped, double zeroCode, double zeroOrOneCode, long count) {

    public static TensorDistribution of(TensorObserver o, ActivationQuant a) {
        Histogram h = o.histogram();
        QuantizationError e = new QuantizationError(h);
        double t = a.threshold();
        double s = a.scale();
        return new TensorDistribution(a.tensor(), a.dtype().onnxName(), a.method(), o.min(), o.max(),
                h.percentile(0.5), h.percentile(0.99), h.percentile(0.999), h.percentile(0.9999), t, s,
                e.clippedFraction(t), h.fractionBelow(s / 2), h.fractionBelow(1.5 * s), o.count());
    }

    /** Codes spanned by a value: |x| / scale. */
    public double codes(double x) {
        return x / scale;
    }

    /** The share of |x| below {@code threshold / 10}: how much of the tensor lives in the bottom tenth of the grid. */
    public static double shareBelowTenth(TensorObserver o, double threshold) {
        return o.histogram().fractionBelow(threshold / 10);
    }
}
