package qmap.calib;

import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class MseCalibrationTest {
    @Test
    void gaussianInt8ClipsNearThreePointNineSigma() {
        // E(T) = 2[(1 + T^2) Q(T) - T phi(T)] + (1 - 2Q(T)) (T/127)^2 / 12 for N(0,1) has its
        // minimum at 3.92 sigma and is >= 1.1x the minimum outside [3.6, 4.3]; the exact sample
        // MSE of 1e6 draws (numpy, seeds 0-5) is minimal between 3.86 and 4.00 sigma.
        double t = new MseCalibration().threshold(Samples.observe(Samples.gaussian(1_000_000, 2)), 127);
        assertTrue(t >= 3.6 && t <= 4.3, "threshold " + t + " sigma");
    }

    @Test
    void uniformClipsOnlyTheTopHalfStep() {
        // uniform |x| on (0, 1): E(T) = (1 - T)^3 / 3 + T (T / 127)^2 / 12, minimal where
        // (1 - T)^2 = T^2 / (4 * 127^2), i.e. T = 254 / 255 = 0.99608
        double t = new MseCalibration().threshold(Samples.observe(Samples.uniform(1_000_000, 1.0)), 127);
        assertTrue(t >= 0.994 && t <= 0.998, "threshold " + t);
    }

    @Test
    void outliersThatCarryTheErrorAreKept() {
        // 20 values at +-40 among 1e6 N(0,1): clipping them at 4 costs 36^2 * 2e-5 = 0.026,
        // more than the whole rounding error at T = 40, (40/127)^2 / 12 = 0.0083; so MSE keeps
        // most of the range (unlike KL): E(T) = 2e-5 (40 - T)^2 + (T / 127)^2 / 12 is minimal at
        // T = 40 * 2e-5 / (2e-5 + 1 / 193548) = 31.79
        float[] v = Samples.gaussian(1_000_000, 1);
        for (int k = 0; k < 20; k++) {
            v[k * 50_000] = k % 2 == 0 ? 40f : -40f;
        }
        double t = new MseCalibration().threshold(Samples.observe(v), 127);
        assertTrue(t >= 31.3 && t <= 32.3, "threshold " + t);
    }
}
