package qmap.calib;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class KlCalibrationTest {
    @Test
    void gaussianWithRareOutliersClipsNearFourAndAHalfSigma() {
        // 1e6 N(0,1) values, 20 of them replaced by +-40. The same KL objective evaluated on the
        // exact N(0,1) bin probabilities plus 2e-5 mass at 40 (computed separately with scipy)
        // has its minimum at 4.45 sigma and is at least 1.28x that minimum outside [4, 5] sigma;
        // sample noise moves the sample minimum by about 0.15 sigma (seeds 1-3: 4.42, 4.27, 4.58).
        float[] v = Samples.gaussian(1_000_000, 1);
        for (int k = 0; k < 20; k++) {
            v[k * 50_000] = k % 2 == 0 ? 40f : -40f;
        }
        TensorObserver o = Samples.observe(v);
        double t = new KlCalibration().threshold(o, 127);
        assertEquals(40.0, o.absMax());
        assertTrue(t >= 4.0 && t <= 5.0, "threshold " + t + " sigma");
    }

    @Test
    void uniformKeepsItsMaximum() {
        // every clipped bin piles its mass on the top bin, which Q cannot follow, while rounding
        // a flat histogram loses nothing: the minimum is the last bin
        TensorObserver o = Samples.observe(Samples.uniform(1_000_000, 3.0));
        double t = new KlCalibration().threshold(o, 127);
        assertEquals(3.0, t, 0.01 * 3.0);
    }

    @Test
    void binsAreAssignedToTheLevelTheirCentreRoundsTo() {
        // 254 bins over [0, T], qmax 127: bin j's centre is (j + 0.5) / 2 steps
        assertEquals(0, KlCalibration.level(0, 254, 127));   // 0.25 -> 0
        assertEquals(1, KlCalibration.level(1, 254, 127));   // 0.75 -> 1
        assertEquals(1, KlCalibration.level(2, 254, 127));   // 1.25 -> 1
        assertEquals(127, KlCalibration.level(253, 254, 127)); // 126.75 -> 127
        // 128 bins: centre of bin 127 is 127.5 * 127 / 128 = 126.5 -> rounds half up to 127
        assertEquals(127, KlCalibration.level(127, 128, 127));
        assertEquals(126, KlCalibration.level(126, 128, 127)); // 125.51 -> 126
    }

    @Test
    void fewerBinsThanLevelsGivesTheAbsMax() {
        // int16 has 32768 levels, more than the 4096 bins: nothing to trade, keep everything
        float[] v = Samples.gaussian(10_000, 5);
        v[0] = 50f;
        TensorObserver o = Samples.observe(v);
        assertEquals(50.0, new KlCalibration().threshold(o, 32767));
    }
}
