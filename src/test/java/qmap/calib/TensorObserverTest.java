package qmap.calib;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import qmap.ir.DType;
import qmap.ir.Tensor;

class TensorObserverTest {
    @Test
    void tracksMinMaxMeanAndStdAcrossTensors() {
        TensorObserver o = new TensorObserver();
        o.observe(Tensor.ofFloats(new int[] {2, 2}, 1, -2, 3, -4));
        o.observe(Tensor.of(DType.DOUBLE, new int[] {1}, new double[] {0}));
        assertEquals(5, o.count());
        assertEquals(-4.0, o.min());
        assertEquals(3.0, o.max());
        assertEquals(4.0, o.absMax());
        // mean -2/5; E[x^2] = 30/5 = 6; variance 6 - 0.16
        assertEquals(-0.4, o.mean(), 1e-12);
        assertEquals(Math.sqrt(5.84), o.std(), 1e-12);
        assertEquals(6.0, o.meanSquare(), 1e-12);
        assertEquals(1, o.histogram().zeroCount());
    }

    @Test
    void mergeEqualsObservingEverything() {
        float[] v = Samples.gaussian(5000, 3);
        TensorObserver all = Samples.observe(v);
        TensorObserver a = new TensorObserver();
        TensorObserver b = new TensorObserver();
        a.observe(v, 0, 2000);
        b.observe(v, 2000, 3000);
        a.merge(b);
        assertEquals(all.count(), a.count());
        assertEquals(all.absMax(), a.absMax());
        assertEquals(all.mean(), a.mean(), 1e-12);
        assertEquals(all.std(), a.std(), 1e-12);
        assertEquals(java.util.Arrays.toString(all.histogram().bins()), java.util.Arrays.toString(a.histogram().bins()));
    }

    @Test
    void rejectsIntegerTensors() {
        TensorObserver o = new TensorObserver();
        assertThrows(IllegalArgumentException.class, () -> o.observe(Tensor.ofLongs(new int[] {1}, 3)));
    }
}
