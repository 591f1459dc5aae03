package qmap.calib;

import qmap.ir.DType;
import qmap.ir.Tensor;

/**
 * Streaming statistics of one tensor over the calibration samples: exact min, max, |x| max,
 * mean and standard deviation (sums in double), and the |x| {@link Histogram} the calibration
 * methods read. Memory is constant whatever the number of samples; results depend only on the
 * order in which samples are observed.
 */
public final class TensorObserver {
    private static final int CHUNK = 1 << 14;

    private final Histogram histogram;
    private double sum;
    private double sumSquares;

    public TensorObserver() {
        this(Histogram.DEFAULT_BINS);
    }

    public TensorObserver(int bins) {
        histogram = new Histogram(bins);
    }

    /** Observes every element of a float tensor (float32, float16, double, ...). */
    public void observe(Tensor t) {
        DType type = t.dtype();
        switch (type.storage()) {
            case FLOAT -> observe(t.floats(), 0, t.size());
            case DOUBLE -> observeDoubles(t.doubles());
            default -> throw new IllegalArgumentException("calibration observes float tensors, got "
                    + type.onnxName());
        }
    }

    public void observe(float[] values) {
        observe(values, 0, values.length);
    }

    public void observe(float[] values, int offset, int length) {
        double s = 0;
        double sq = 0;
        for (int i = offset, end = offset + length; i < end; i++) {
            double x = values[i];
            if (Math.abs(x) <= Float.MAX_VALUE) {
                s += x;
                sq += x * x;
            }
        }
        sum += s;
        sumSquares += sq;
        histogram.add(values, offset, length);
    }

    private void observeDoubles(double[] values) {
        float[] chunk = new float[Math.min(CHUNK, values.length)];
        for (int start = 0; start < values.length; start += CHUNK) {
            int n = Math.min(CHUNK, values.length - start);
            for (int i = 0; i < n; i++) {
                chunk[i] = (float) values[start + i];
            }
            observe(chunk, 0, n);
        }
    }

    /** Adds another observer's statistics, as if its samples had been observed after these. */
    public void merge(TensorObserver other) {
        sum += other.sum;
        sumSquares += other.sumSquares;
        histogram.merge(other.histogram);
    }

    public Histogram histogram() {
        return histogram;
    }

    /** Number of finite elements seen. */
    public long count() {
        return histogram.count();
    }

    public double min() {
        return histogram.min();
    }

    public double max() {
        return histogram.max();
    }

    public double absMax() {
        return histogram.absMax();
    }

    public double mean() {
        return count() == 0 ? 0 : sum / count();
    }

    /** Population standard deviation. */
    public double std() {
        if (count() == 0) {
            return 0;
        }
        double m = mean();
        return Math.sqrt(Math.max(0, sumSquares / count() - m * m));
    }

    /** Mean of x², the signal power a quantization error is compared with. */
    public double meanSquare() {
        return count() == 0 ? 0 : sumSquares / count();
    }
}
