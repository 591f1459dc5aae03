package qmap.calib;

/**
 * Entropy calibration (TensorRT's method) on the |x| histogram: the threshold whose quantized
 * distribution loses the least information, measured as KL(P || Q).
 *
 * <p>For a candidate threshold at bin edge i (T = i · binWidth): P is bins [0, i) with every
 * count above T folded into bin i-1 (clipped values become T); Q quantizes the unclipped bins
 * [0, i) onto the qmax+1 levels of |round(x / s)|, s = T / qmax, and spreads each level's count
 * evenly over its bins where P is non-zero. Bins are assigned to the level their centre rounds
 * to, so level 0 covers [0, s/2) and level qmax [T - s/2, T), as the real quantizer does.
 * Candidates start at i = qmax + 1 (fewer bins than levels show no rounding loss) and stop at
 * the last non-empty bin; the histogram starts at 0, so the search runs from 0 upward, not
 * around the middle of the histogram.
 *
 * <p>When the histogram has no more bins than levels (e.g. int16 with 4096 bins) there is
 * nothing to trade and the threshold is the exact |x| maximum.
 */
public final class KlCalibration implements CalibrationMethod {
    public static final int DEFAULT_MAX_CANDIDATES = 512;

    private final int maxCandidates;

    public KlCalibration() {
        this(DEFAULT_MAX_CANDIDATES);
    }

    /** @param maxCandidates the most thresholds tried; candidates are spread evenly over the bins */
    public KlCalibration(int maxCandidates) {
        if (maxCandidates < 1) {
            throw new IllegalArgumentException("maxCandidates must be >= 1, got " + maxCandidates);
        }
        this.maxCandidates = maxCandidates;
    }

    @Override
    public String name() {
        return "kl";
    }

    @Override
    public double threshold(TensorObserver observed, int qmax) {
        Histogram h = observed.histogram();
        int used = h.lastNonEmptyBin() + 1;
        int levels = qmax + 1;
        if (used <= levels) {
            return h.absMax();
        }
        long[] counts = h.counts();
        long[] above = new long[used + 1];
        for (int j = used - 1; j >= 0; j--) {
            above[j] = above[j + 1] + counts[j];
        }
        double[] levelSum = new double[levels];
        int[] levelBins = new int[levels];
        int step = Math.max(1, (used - levels + maxCandidates - 1) / maxCandidates);
        int best = used;
        double bestKl = Double.POSITIVE_INFINITY;
        for (int i = levels; ; i = Math.min(i + step, used)) {
            double kl = divergence(counts, i, above[i], h.count(), qmax, levelSum, levelBins);
            if (kl < bestKl) {
                bestKl = kl;
                best = i;
            }
            if (i == used) {
                break;
            }
        }
        return Math.min(best * h.binWidth(), h.absMax());
    }

    /** KL(P || Q) for the threshold at bin edge i; {@code clipped} counts the values above it. */
    static double divergence(long[] counts, int i, long clipped, long total, int qmax,
                             double[] levelSum, int[] levelBins) {
        long kept = total - clipped;
        if (kept == 0) {
            return Double.POSITIVE_INFINITY;
        }
        java.util.Arrays.fill(levelSum, 0);
        java.util.Arrays.fill(levelBins, 0);
        for (int j = 0; j < i; j++) {
            long p = counts[j] + (j == i - 1 ? clipped : 0);
            if (p != 0) {
                int level = level(j, i, qmax);
                levelSum[level] += counts[j];
                levelBins[level]++;
            }
        }
        // Q with no mass where P has some (clipped values in an empty top bin) gets half a
        // count there: less than any observed bin, so it is penalised, never infinite.
        double floor = 0.5 / total;
        double kl = 0;
        for (int j = 0; j < i; j++) {
            long p = counts[j] + (j == i - 1 ? clipped : 0);
            if (p == 0) {
                continue;
            }
            int level = level(j, i, qmax);
            double pn = (double) p / total;
            double qn = Math.max(levelSum[level] / levelBins[level] / kept, floor);
            kl += pn * Math.log(pn / qn);
        }
        return kl;
    }

    /** The level bin j's centre rounds to when i bins span [0, T]: round((j + 0.5) · qmax / i). */
    static int level(int j, int i, int qmax) {
        return (int) (((2L * j + 1) * qmax + i) / (2L * i));
    }
}
