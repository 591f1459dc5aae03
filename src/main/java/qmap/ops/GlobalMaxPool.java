package qmap.ops;

/** GlobalMaxPool: the maximum over all spatial positions of each channel (NaN propagates). */
public final class GlobalMaxPool extends GlobalPooling {
    @Override
    protected double reduce(double[] x, int from, int count) {
        double max = Double.NEGATIVE_INFINITY;
        for (int i = from; i < from + count; i++) {
            max = Math.max(max, x[i]);
        }
        return max;
    }
}
