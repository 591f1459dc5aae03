package qmap.ir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import qmap.ir.Float8E8M0.RoundMode;

class Float8E8M0Test {
    // expected codes from onnx.numpy_helper.to_float8e8m0 (the ONNX reference)
    private static final float[] X = {0f, 0.124f, 0.25f, 1.1f, 3f, 1.5f, 0x1.8p127f, Float.POSITIVE_INFINITY, -4f};

    @Test
    void roundsUpDownAndToNearest() {
        assertCodes(new int[] {0, 124, 125, 128, 129, 128, 254, 255, 129}, true, RoundMode.UP);
        assertCodes(new int[] {0, 123, 125, 127, 128, 127, 254, 255, 129}, true, RoundMode.DOWN);
        assertCodes(new int[] {0, 124, 125, 127, 129, 128, 254, 255, 129}, true, RoundMode.NEAREST);
    }

    @Test
    void withoutSaturationTheLargestExponentRoundsIntoNaN() {
        assertCodes(new int[] {0, 124, 125, 128, 129, 128, 255, 255, 129}, false, RoundMode.UP);
        assertCodes(new int[] {0, 124, 125, 127, 129, 128, 255, 255, 129}, false, RoundMode.NEAREST);
    }

    @Test
    void decodesPowersOfTwoAndNaN() {
        assertEquals(1f, Float8E8M0.decode(127));
        assertEquals(0.125f, Float8E8M0.decode(124));
        assertEquals((float) Math.scalb(1.0, -127), Float8E8M0.decode(0));
        assertTrue(Float.isNaN(Float8E8M0.decode(0xFF)));
        for (int code = 0; code < 0xFF; code++) {
            assertEquals(code, Float8E8M0.encode(Float8E8M0.decode(code)));
        }
    }

    private static void assertCodes(int[] expected, boolean saturate, RoundMode mode) {
        for (int i = 0; i < X.length; i++) {
            assertEquals(expected[i], Float8E8M0.codeOf(X[i], saturate, mode), mode + " " + saturate + " of " + X[i]);
        }
    }
}
