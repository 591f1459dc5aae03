package qmap.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class NumericTextTest {
    @Test
    void formatsLikePrintfPercentPoint8g() {
        // expected strings from C's printf("%.8g")
        assertEquals("0.47892547", NumericText.formatFloat(0.47892547f));
        assertEquals("1.2345679e+08", NumericText.formatFloat(123456789.0));
        assertEquals("1e+08", NumericText.formatFloat(99999999.5));
        assertEquals("100", NumericText.formatFloat(100.0));
        assertEquals("0.00012345678", NumericText.formatFloat(0.00012345678));
        assertEquals("-2.5e-07", NumericText.formatFloat(-2.5e-7));
        assertEquals("1234567.8", NumericText.formatFloat(1234567.8));
        assertEquals("1e+20", NumericText.formatFloat(1e20));
        assertEquals("INF", NumericText.formatFloat(Double.POSITIVE_INFINITY));
    }

    @Test
    void parsesTheLeadingNumber() {
        assertEquals(1e8, NumericText.parseFloat("1E8"));
        assertEquals(-0.5, NumericText.parseFloat("  -.5e0xyz"));
        assertEquals(Double.NEGATIVE_INFINITY, NumericText.parseFloat("-Infinity"));
        assertEquals(Double.NaN, NumericText.parseFloat("nan"));
        assertEquals(-1L, NumericText.parseInteger("18446744073709551615", true));
        assertEquals(-1L, NumericText.parseInteger("-1", true));
        assertEquals(Long.MIN_VALUE, NumericText.parseInteger("-9223372036854775808", false));
        assertThrows(IllegalArgumentException.class, () -> NumericText.parseInteger("9223372036854775808", false));
        assertThrows(IllegalArgumentException.class, () -> NumericText.parseInteger("x1", false));
    }
}
