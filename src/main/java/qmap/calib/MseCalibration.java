package qmap.calib;

/**
 * The threshold that minimises the expected squared quantization error (rounding below T,
 * clipping above it) of the observed |x| distribution, see {@link QuantizationError#expectedMse}.
 *
 * <p>The search is a fixed geometric grid from absMax · 2^-12 to absMax, then a linear grid between
 * the best point's neighbours; both are fixed, so the result is deterministic. The error curve
 * is not convex in general (rounding error oscillates when the histogram has spikes), which is
 * why this is a grid search rather than a descent.
 */
public final class MseCalibration implements CalibrationMethod {
    private static final int COARSE = 384;
    private static final int FINE = 64;
    private static final double LOWEST = Math.scalb(1.0, -12);

    @Override
    public String name() {
        return "mse";
    }

    @Override
    public double threshold(TensorObserver observed, int qmax) {
        double absMax = observed.absMax();
        if (absMax == 0) {
            return 0;
        }
        QuantizationError error = new QuantizationError(observed);
        double ratio = Math.pow(1 / LOWEST, 1.0 / (COARSE - 1));
        double[] grid = new double[COARSE];
        int best = COARSE - 1;
        double bestMse = Double.POSITIVE_INFINITY;
        for (int k = 0; k < COARSE; k++) {
            grid[k] = k == COARSE - 1 ? absMax : absMax * LOWEST * Math.pow(ratio, k);
            double mse = error.expectedMse(grid[k], qmax);
            if (mse < bestMse) {
                bestMse = mse;
                best = k;
            }
        }
        double lo = grid[Math.max(0, best - 1)];
        double hi = grid[Math.min(COARSE - 1, best + 1)];
        double bestT = grid[best];
        for (int k = 0; k <= FINE; k++) {
            double t = lo + (hi - lo) * k / FINE;
            double mse = error.expectedMse(t, qmax);
            if (mse < bestMse) {
                bestMse = mse;
                bestT = t;
            }
        }
        return bestT;
    }
}
