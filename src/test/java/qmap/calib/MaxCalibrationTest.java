package qmap.calib;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class MaxCalibrationTest {
    @Test
    void maxPercentileOneIsTheExactAbsMax() {
        TensorObserver o = Samples.observe(new float[] {0.5f, -7.3f, 2f}, new float[] {6.9f});
        assertEquals((double) 7.3f, new MaxCalibration(1.0).threshold(o, 127), 0.0);
        assertEquals((double) 7.3f, new MaxCalibration().threshold(o, 32767), 0.0);
    }

    @Test
    void maxPercentileBelowOneClipsTheRarestValues() {
        float[] v = Samples.uniform(200_000, 4.0);
        v[0] = 100f;
        TensorObserver o = Samples.observe(v);
        // the single outlier is above the 0.99995 quantile; |x| below it is uniform on (0, 4)
        double t = new MaxCalibration(0.99995).threshold(o, 127);
        assertEquals(0.99995 * 4.0, t, o.histogram().binWidth());
        assertEquals("max(0.99995)", new MaxCalibration(0.99995).name());
    }
}
