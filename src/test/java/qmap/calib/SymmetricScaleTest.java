package qmap.calib;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import qmap.ir.DType;

class SymmetricScaleTest {
    @Test
    void scaleIsThresholdOverQmax() {
        assertEquals(127, SymmetricScale.qmax(8));
        assertEquals(32767, SymmetricScale.qmax(DType.INT16));
        SymmetricScale s = SymmetricScale.of(12.7, 127);
        assertEquals(0.1f, s.scale());
        assertEquals(2, s.quantize(0.25));      // 2.5 rounds half to even
        assertEquals(-127, s.quantize(-100));   // saturates at -qmax, not -128
        assertEquals(127, s.quantize(12.74));
        assertEquals(0.1f * 3, s.dequantize(3), 1e-7);
    }

    @Test
    void allZeroTensorGetsThresholdOne() {
        SymmetricScale s = SymmetricScale.of(0, 127);
        assertEquals(1.0, s.threshold());
        assertEquals(1f / 127, s.scale());
        assertThrows(IllegalArgumentException.class, () -> SymmetricScale.of(Double.NaN, 127));
        assertThrows(IllegalArgumentException.class, () -> SymmetricScale.qmax(DType.UINT8));
    }
}
