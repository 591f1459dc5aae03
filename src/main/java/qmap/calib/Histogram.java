package qmap.calib;

/**
 * A streaming histogram of |x| with a fixed number of equal bins over [0, range).
 *
 * <p>The range is always a power of two strictly greater than the largest |x| seen, and the bin
 * count is a power of two, so a value's bin is {@code floor(|x| * bins / range)} computed exactly.
 * When a batch exceeds the range, the range doubles and adjacent bin pairs merge; since
 * {@code floor(floor(y) / 2) == floor(y / 2)}, the counts after growing equal those of binning
 * every value directly at the final range. The histogram therefore depends only on the multiset of
 * values, not on their order or on how they were split into batches, and memory stays flat.
 *
 * <p>Exact zeros sit at the bottom of bin 0 and are counted separately, so a ReLU output's spike
 * at zero is not smeared over the bin. NaN and infinities are counted apart and otherwise ignored.
 */
public final class Histogram {
    public static final int DEFAULT_BINS = 4096;

    private final long[] counts;
    private double range;
    private long count;
    private long zeros;
    private long nonFinite;
    private float min = Float.POSITIVE_INFINITY;
    private float max = Float.NEGATIVE_INFINITY;

    public Histogram() {
        this(DEFAULT_BINS);
    }

    /** @param bins a power of two, at least 2 */
    public Histogram(int bins) {
        if (bins < 2 || Integer.bitCount(bins) != 1) {
            throw new IllegalArgumentException("histogram bins must be a power of two >= 2, got " + bins);
        }
        counts = new long[bins];
    }

    public void add(float[] values) {
        add(values, 0, values.length);
    }

    /** Adds {@code values[offset .. offset+length)}. */
    public void add(float[] values, int offset, int length) {
        int end = offset + length;
        float lo = Float.POSITIVE_INFINITY;
        float hi = Float.NEGATIVE_INFINITY;
        long batchZeros = 0;
        long batchNonFinite = 0;
        for (int i = offset; i < end; i++) {
            float x = values[i];
            if (!(Math.abs(x) <= Float.MAX_VALUE)) {
                batchNonFinite++;
                continue;
            }
            if (x < lo) {
                lo = x;
            }
            if (x > hi) {
                hi = x;
            }
            if (x == 0f) {
                batchZeros++;
            }
        }
        nonFinite += batchNonFinite;
        long finite = length - batchNonFinite;
        if (finite == 0) {
            return;
        }
        min = Math.min(min, lo);
        max = Math.max(max, hi);
        zeros += batchZeros;
        count += finite;
        coverUpTo(Math.max(-lo, hi));
        double perUnit = counts.length / range;
        for (int i = offset; i < end; i++) {
            double a = Math.abs((double) values[i]);
            if (a <= Float.MAX_VALUE) {
                counts[(int) (a * perUnit)]++;
            }
        }
    }

    /** Adds another histogram's counts (same bin count); the result is as if its values were added. */
    public void merge(Histogram other) {
        if (other.counts.length != counts.length) {
            throw new IllegalArgumentException("cannot merge histograms of " + other.counts.length
                    + " and " + counts.length + " bins");
        }
        nonFinite += other.nonFinite;
        if (other.count == 0) {
            return;
        }
        coverUpTo(other.absMax());
        int factor = other.range == 0 ? counts.length : (int) Math.min(counts.length, range / other.range);
        for (int j = 0; j < counts.length; j++) {
            counts[j / factor] += other.counts[j];
        }
        count += other.count;
        zeros += other.zeros;
        min = Math.min(min, other.min);
        max = Math.max(max, other.max);
    }

    /** Grows the range (doubling, merging bin pairs) until it is strictly above {@code absMax}. */
    private void coverUpTo(double absMax) {
        if (absMax == 0) {
            return;
        }
        if (range == 0) {
            range = Math.scalb(1.0, Math.getExponent(absMax) + 1);
            return;
        }
        while (range <= absMax) {
            int half = counts.length / 2;
            for (int j = 0; j < half; j++) {
                counts[j] = counts[2 * j] + counts[2 * j + 1];
            }
            java.util.Arrays.fill(counts, half, counts.length, 0L);
            range *= 2;
        }
    }

    // ---- figures -----------------------------------------------------------------------------

    /** Number of finite values added. */
    public long count() {
        return count;
    }

    public long zeroCount() {
        return zeros;
    }

    public long nonFiniteCount() {
        return nonFinite;
    }

    /** Upper edge of the last bin: a power of two above {@link #absMax()}, or 0 before any non-zero value. */
    public double range() {
        return range;
    }

    public int binCount() {
        return counts.length;
    }

    public double binWidth() {
        return range / counts.length;
    }

    /** A copy of the bin counts; bin j holds |x| in [j, j+1) * binWidth. */
    public long[] bins() {
        return counts.clone();
    }

    /** The bin counts without a copy, for the calibration methods of this package. */
    long[] counts() {
        return counts;
    }

    /** Exact largest |x| (0 when empty). */
    public double absMax() {
        return count == 0 ? 0 : Math.max(-(double) min, max);
    }

    /** Exact smallest value (0 when empty). */
    public double min() {
        return count == 0 ? 0 : min;
    }

    /** Exact largest value (0 when empty). */
    public double max() {
        return count == 0 ? 0 : max;
    }

    /** Index of the last non-empty bin, -1 when empty. */
    public int lastNonEmptyBin() {
        for (int j = counts.length - 1; j >= 0; j--) {
            if (counts[j] != 0) {
                return j;
            }
        }
        return -1;
    }

    /**
     * The value below which a fraction {@code p} of |x| lies, interpolated linearly within the bin
     * (exact zeros count as a point mass at 0, the top bin ends at {@link #absMax()});
     * {@link #absMax()} for p >= 1.
     */
    public double percentile(double p) {
        if (count == 0 || p <= 0) {
            return 0;
        }
        if (p >= 1) {
            return absMax();
        }
        double target = p * count;
        if (target <= zeros) {
            return 0;
        }
        double below = zeros;
        for (int j = 0; j < counts.length; j++) {
            double inBin = nonZeroCount(j);
            if (below + inBin >= target && inBin > 0) {
                double lower = j * binWidth();
                return lower + (target - below) / inBin * (upperEdge(j) - lower);
            }
            below += inBin;
        }
        return absMax();
    }

    /**
     * The fraction of |x| strictly below {@code v}, interpolated within the bin as
     * {@link #percentile} is (its inverse), with exact zeros below any positive v.
     */
    public double fractionBelow(double v) {
        if (count == 0 || v <= 0) {
            return 0;
        }
        if (v > absMax()) {
            return 1;
        }
        int bin = (int) Math.min(v / binWidth(), counts.length - 1);
        double below = zeros;
        for (int j = 0; j < bin; j++) {
            below += nonZeroCount(j);
        }
        double lower = bin * binWidth();
        double span = upperEdge(bin) - lower;
        double share = span > 0 ? Math.min(1.0, (v - lower) / span) : 0;
        return Math.min(1.0, (below + nonZeroCount(bin) * share) / count);
    }

    /** Count of bin j without the exact zeros (which bin 0 holds as a point mass). */
    long nonZeroCount(int j) {
        return j == 0 ? counts[0] - zeros : counts[j];
    }

    /** Upper edge of bin j's values: the bin edge, or absMax for the bin that holds it. */
    double upperEdge(int j) {
        return Math.min((j + 1) * binWidth(), absMax());
    }
}
