package qmap.calib;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;
import qmap.QmapException;

class CalibrationMethodTest {
    private static final List<CalibrationMethod> ALL = List.of(new MaxCalibration(), new MaxCalibration(0.9999),
            new PercentileCalibration(), new KlCalibration(), new MseCalibration());

    @Test
    void configNamesGiveTheirMethods() {
        assertInstanceOf(MaxCalibration.class, CalibrationMethod.named("max", 1.0));
        assertEquals(0.99995, ((MaxCalibration) CalibrationMethod.named("max", 0.99995)).maxPercentile());
        assertInstanceOf(PercentileCalibration.class, CalibrationMethod.named("percentile", 1.0));
        assertInstanceOf(KlCalibration.class, CalibrationMethod.named("kl", 1.0));
        assertInstanceOf(MseCalibration.class, CalibrationMethod.named("mse", 1.0));
        QmapException e = assertThrows(QmapException.class, () -> CalibrationMethod.named("mix", 1.0));
        assertEquals(true, e.getMessage().contains("'mix'"));
    }

    @Test
    void sameSamplesGiveIdenticalThresholdsWhateverTheBatchOrder() {
        float[] a = Samples.gaussian(100_000, 21);
        float[] b = Samples.gaussian(100_000, 22);
        for (int i = 0; i < b.length; i++) {
            b[i] *= 3;
        }
        TensorObserver first = Samples.observe(a, b);
        TensorObserver again = Samples.observe(a, b);
        TensorObserver swapped = Samples.observe(b, a);
        for (CalibrationMethod m : ALL) {
            for (int qmax : new int[] {127, 32767}) {
                double t = m.threshold(first, qmax);
                assertEquals(t, m.threshold(again, qmax), 0.0, m.name());
                // the histogram depends only on the values, so the batch order does not matter either
                assertEquals(t, m.threshold(swapped, qmax), 0.0, m.name());
            }
        }
    }

    @Test
    void allZeroTensorHasThresholdZero() {
        TensorObserver o = Samples.observe(new float[16]);
        for (CalibrationMethod m : ALL) {
            assertEquals(0.0, m.threshold(o, 127), m.name());
        }
    }
}
