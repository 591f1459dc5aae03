package qmap.calib;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class QuantizationErrorTest {
    private static final QuantizationError UNIFORM =
            new QuantizationError(Samples.observe(Samples.uniform(1_000_000, 1.0)));

    @Test
    void roundingErrorOfUniformIsStepSquaredOverTwelve() {
        // |x| uniform on (0, 1), T = 1: every value rounds, error uniform on +-s/2
        double s = 1.0 / 127;
        assertEquals(s * s / 12, UNIFORM.expectedMse(1.0, 127), 1e-3 * s * s / 12);
    }

    @Test
    void clippingErrorOfUniformIsTheCubeIntegral() {
        // T = 0.5 with qmax 32767 (negligible rounding): integral of (x - 0.5)^2 over (0.5, 1) = 1/24
        assertEquals(1.0 / 24, UNIFORM.expectedMse(0.5, 32767), 1e-6);
        assertEquals(0.25, UNIFORM.clippedFraction(0.75), 1e-6);
        assertEquals(0.0, UNIFORM.clippedFraction(1.0), 1e-12);
    }

    @Test
    void zeroFractionIsTheShareBelowHalfAStep() {
        // |x| < (1 / 127) / 2 rounds to zero: 1/254 of a uniform (0, 1)
        assertEquals(1.0 / 254, UNIFORM.zeroFraction(1.0, 127), 1e-6);
        // with T = 12.7: everything below 0.05 rounds to 0
        assertEquals(0.05, UNIFORM.zeroFraction(12.7, 127), 1e-6);
    }

    @Test
    void gaussianErrorMatchesTheClosedForm() {
        // E(T) = 2[(1 + T^2) Q(T) - T phi(T)] + (1 - 2 Q(T)) (T / 127)^2 / 12; the clipping part is
        // about 10% of it at T = 3.92, estimated from ~90 samples, so allow 4%
        QuantizationError e = new QuantizationError(Samples.observe(Samples.gaussian(1_000_000, 4)));
        for (double t : new double[] {2.5, 3.92, 5.0}) {
            double q = Samples.normalTail(t);
            double expected = 2 * ((1 + t * t) * q - t * Samples.phi(t)) + (1 - 2 * q) * Math.pow(t / 127, 2) / 12;
            assertEquals(expected, e.expectedMse(t, 127), 0.04 * expected, "T=" + t);
            assertEquals(2 * q, e.clippedFraction(t), 0.05 * 2 * q + 2e-5, "clipped at T=" + t);
        }
    }

    @Test
    void roundingIntegralMatchesDirectIntegration() {
        // midpoint rule on (t - s round(t/s))^2 over (0, 0.83) with s = 0.1
        double s = 0.1;
        int n = 830_000;
        double sum = 0;
        for (int i = 0; i < n; i++) {
            double t = (i + 0.5) * 0.83 / n;
            double d = t - s * Math.rint(t / s);
            sum += d * d * 0.83 / n;
        }
        assertEquals(sum, QuantizationError.roundingIntegral(0.83, s), 1e-9);
    }
}
