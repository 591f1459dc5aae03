package qmap.calib;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class HistogramTest {
    @Test
    void growingRangeMergesBinPairsAndKeepsCountsAndExactAbsMax() {
        Histogram h = new Histogram(8);
        h.add(new float[] {0.3f, -0.9f});
        // range: smallest power of two above 0.9 = 1; width 1/8: 0.3 -> bin 2, 0.9 -> bin 7
        assertEquals(1.0, h.range());
        assertArrayEquals(new long[] {0, 0, 1, 0, 0, 0, 0, 1}, h.bins());
        h.add(new float[] {3.5f});
        // two doublings to range 4, width 0.5: 0.3 -> 0, 0.9 -> 1, 3.5 -> 7
        assertEquals(4.0, h.range());
        assertArrayEquals(new long[] {1, 1, 0, 0, 0, 0, 0, 1}, h.bins());
        h.add(new float[] {-5f, 0f});
        // range 8, width 1: 0.3, 0.9 and 0 -> bin 0, 3.5 -> 3, 5 -> 5
        assertEquals(8.0, h.range());
        assertArrayEquals(new long[] {3, 0, 0, 1, 0, 1, 0, 0}, h.bins());
        assertEquals(5, h.count());
        assertEquals(1, h.zeroCount());
        assertEquals(5.0, h.absMax());
        assertEquals(-5.0, h.min());
        assertEquals(3.5, h.max());
    }

    @Test
    void binsDependOnlyOnTheValuesNotOnOrderOrBatching() {
        float[] v = Samples.gaussian(20000, 7);
        v[123] = 30f;
        Histogram whole = new Histogram();
        whole.add(v);
        // ascending |x| in small batches forces many range doublings along the way
        float[] sorted = v.clone();
        Arrays.sort(sorted);
        float[] byMagnitude = new float[sorted.length];
        int lo = 0;
        int hi = sorted.length - 1;
        for (int i = byMagnitude.length - 1; i >= 0; i--) {
            byMagnitude[i] = Math.abs(sorted[lo]) > Math.abs(sorted[hi]) ? sorted[lo++] : sorted[hi--];
        }
        Histogram growing = new Histogram();
        for (int off = 0; off < byMagnitude.length; off += 100) {
            growing.add(byMagnitude, off, Math.min(100, byMagnitude.length - off));
        }
        Histogram merged = new Histogram();
        Histogram secondHalf = new Histogram();
        merged.add(v, 0, 5000);
        secondHalf.add(v, 5000, v.length - 5000);
        merged.merge(secondHalf);
        assertArrayEquals(whole.bins(), growing.bins());
        assertArrayEquals(whole.bins(), merged.bins());
        assertEquals(32.0, growing.range());
        assertEquals(30.0, growing.absMax());
        assertEquals(20000, merged.count());
    }

    @Test
    void percentileOfUniformIsPTimesMaxWithinOneBin() {
        Histogram h = new Histogram();
        h.add(Samples.uniform(100_000, 10.0));
        // |x| spread evenly over (0, 10): range 16, bin width 1/256
        double width = h.binWidth();
        assertEquals(16.0 / 4096, width);
        for (double p : new double[] {0.1, 0.5, 0.9, 0.99, 0.9999}) {
            assertEquals(p * 10, h.percentile(p), width, "p=" + p);
            assertEquals(p, h.fractionBelow(p * 10), 1e-4, "fractionBelow at p=" + p);
        }
        assertEquals(h.absMax(), h.percentile(1.0));
    }

    @Test
    void exactZerosAreAPointMassAtZero() {
        float[] v = new float[1000];
        float[] u = Samples.uniform(400, 1.0);
        System.arraycopy(u, 0, v, 600, 400);
        Histogram h = new Histogram();
        h.add(v);
        assertEquals(600, h.zeroCount());
        assertEquals(0.0, h.percentile(0.5));
        // 0.8 of the values: the 600 zeros and half of the 400 uniform ones, i.e. |x| < 0.5 to
        // within the samples' spacing of 1/400
        assertEquals(0.5, h.percentile(0.8), 1.0 / 400);
        assertEquals(0.6, h.fractionBelow(1e-6), 1e-5);
    }

    @Test
    void nonFiniteValuesAreCountedApartAndIgnored() {
        Histogram h = new Histogram();
        h.add(new float[] {1f, Float.NaN, Float.POSITIVE_INFINITY, -2f});
        assertEquals(2, h.count());
        assertEquals(2, h.nonFiniteCount());
        assertEquals(2.0, h.absMax());
        assertEquals(4.0, h.range());
    }

    @Test
    void memoryStaysFlatOver1000Batches() {
        TensorObserver o = new TensorObserver();
        float[] batch = new float[1000];
        for (int b = 0; b < 1000; b++) {
            for (int i = 0; i < batch.length; i++) {
                batch[i] = (float) ((i - 500) * 0.01 * (1 + b));
            }
            o.observe(batch);
        }
        assertEquals(4096, o.histogram().binCount());
        assertEquals(4096, o.histogram().bins().length);
        assertEquals(1_000_000, o.count());
        // largest |x|: (0 - 500) * 0.01 * 1000 = -5000, in float
        assertEquals((float) (-500 * 0.01 * 1000), o.min(), 0.0);
        assertEquals((float) (-500 * 0.01 * 1000), -o.absMax(), 0.0);
        assertEquals(8192.0, o.histogram().range());
        long total = 0;
        for (long c : o.histogram().bins()) {
            total += c;
        }
        assertEquals(1_000_000, total);
    }
}
