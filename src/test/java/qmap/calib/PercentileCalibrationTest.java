package qmap.calib;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class PercentileCalibrationTest {
    @Test
    void defaultKeepsAllButFiveInHundredThousandOfUniform() {
        TensorObserver o = Samples.observe(Samples.uniform(1_000_000, 1.0));
        assertEquals(0.99995, new PercentileCalibration().threshold(o, 127), o.histogram().binWidth());
    }

    @Test
    void percentile9973OfGaussianIsThreeSigma() {
        // P(|Z| < 3) = 0.99730; at 1e6 samples the quantile's standard error is
        // sqrt(p(1-p)/n) / (2 phi(3)) = 0.006 sigma, the bin width 1/512 sigma
        TensorObserver o = Samples.observe(Samples.gaussian(1_000_000, 11));
        double t = new PercentileCalibration(1 - 2 * Samples.normalTail(3)).threshold(o, 127);
        assertEquals(3.0, t, 0.03);
    }
}
