package qmap.ops;

/** GlobalAveragePool: the mean over all spatial positions of each channel. */
public final class GlobalAveragePool extends GlobalPooling {
    @Override
    protected double reduce(double[] x, int from, int count) {
        double sum = 0;
        for (int i = from; i < from + count; i++) {
            sum += x[i];
        }
        return sum / count;
    }
}
