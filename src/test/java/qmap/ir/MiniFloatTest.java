package qmap.ir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class MiniFloatTest {
    @Test
    void float16RoundsToNearestEvenAndOverflowsToInfinity() {
        // 1 + 2^-11 is halfway between 1 and the next float16 (1 + 2^-10): ties to even gives 1
        assertEquals(1.0f, MiniFloat.FLOAT16.round(1.0 + Math.scalb(1.0, -11), false));
        assertEquals(1.0f + (float) Math.scalb(1.0, -9),
                MiniFloat.FLOAT16.round(1.0 + 3 * Math.scalb(1.0, -11), false));
        assertEquals(65504f, MiniFloat.FLOAT16.round(65519, false));
        assertEquals(Float.POSITIVE_INFINITY, MiniFloat.FLOAT16.round(65520, false));
        assertEquals(0x3C00, MiniFloat.FLOAT16.encode(1.0f));
        assertEquals(-2.0f, MiniFloat.FLOAT16.decode(0xC000));
    }

    @Test
    void float8FormatsHaveTheirDocumentedRanges() {
        assertEquals(448.0, MiniFloat.E4M3FN.maxFinite());
        assertEquals(240.0, MiniFloat.E4M3FNUZ.maxFinite());
        assertEquals(57344.0, MiniFloat.E5M2.maxFinite());
        assertEquals(57344.0, MiniFloat.E5M2FNUZ.maxFinite());
        assertEquals(6.0, MiniFloat.E2M1.maxFinite());
        assertTrue(Float.isNaN(MiniFloat.E4M3FN.round(1000, false)));
        assertEquals(448f, MiniFloat.E4M3FN.round(1000, true));
        assertTrue(Float.isNaN(MiniFloat.E4M3FNUZ.decode(0x80)));
    }

    @Test
    void everyCodeDecodesAndEncodesBack() {
        for (MiniFloat f : new MiniFloat[] {MiniFloat.E4M3FN, MiniFloat.E5M2, MiniFloat.E2M1}) {
            for (int code = 0; code < (1 << f.bitWidth()); code++) {
                float v = f.decode(code);
                if (!Float.isNaN(v)) {
                    assertEquals(code, f.encode(v), "code " + code + " value " + v);
                }
            }
        }
    }

    @Test
    void float4SaturatesAndTurnsNaNIntoZeroOfTheOppositeSign() {
        // ml_dtypes.float4_e2m1fn, which the ONNX reference uses, maps NaN (sign clear) to -0
        assertEquals(Float.floatToRawIntBits(-0f), Float.floatToRawIntBits(MiniFloat.E2M1.round(Double.NaN, false)));
        assertEquals(6f, MiniFloat.E2M1.round(Double.POSITIVE_INFINITY, false));
        assertEquals(-6f, MiniFloat.E2M1.round(-9, false));
        assertEquals(-4f, MiniFloat.E2M1.round(-3.5, false));
    }
}
