package qmap.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ErfTest {
    @Test
    void matchesTabulatedValues() {
        // reference values: the C library erf (as Python math.erf prints them)
        assertEquals(0.5204998778130465, Erf.erf(0.5), 1e-15);
        assertEquals(0.8427007929497149, Erf.erf(1.0), 1e-15);
        assertEquals(0.9953222650189527, Erf.erf(2.0), 1e-15);
        assertEquals(-0.9999779095030014, Erf.erf(-3.0), 1e-15);
        assertEquals(0.9999999999984626, Erf.erf(5.0), 1e-15);
        assertEquals(1.1283791670955126e-10, Erf.erf(1e-10), 1e-25);
    }

    @Test
    void saturatesAndKeepsSpecialValues() {
        assertEquals(1.0, Erf.erf(7.0));
        assertEquals(-1.0, Erf.erf(Double.NEGATIVE_INFINITY));
        assertTrue(Double.isNaN(Erf.erf(Double.NaN)));
        assertEquals(Double.doubleToRawLongBits(-0.0), Double.doubleToRawLongBits(Erf.erf(-0.0)));
    }
}
