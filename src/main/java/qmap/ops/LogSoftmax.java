package qmap.ops;

/** LogSoftmax along {@code axis} (default -1): (x - max) - log(sum e^(x - max)). */
public final class LogSoftmax extends Softmax {
    @Override
    protected void normalize(double[] row, int start, int end, int stride, double sum) {
        double logSum = Math.log(sum);
        for (int i = start; i < end; i += stride) {
            row[i] -= logSum;
        }
    }
}
