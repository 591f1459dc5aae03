package qmap.quant;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.Random;
import org.junit.jupiter.api.Test;
import qmap.ir.DType;
import qmap.ir.Tensor;
import qmap.ops.Buffers;

/** The 8-bit codes bias correction holds decode to the floats of the fake quantization itself. */
class FakeQuantCodesTest {
    @Test
    void decodedCodesAreTheFakeQuantizedFloats() {
        Random r = new Random(7);
        float[] x = new float[4000];
        for (int i = 0; i < x.length; i++) {
            // half steps, clamped tails and plain values
            x[i] = switch (i % 4) {
                case 0 -> (r.nextInt(600) - 300) * 0.5f * 0.05f;
                case 1 -> (float) r.nextGaussian() * 40f;
                case 2 -> (float) r.nextGaussian() * 2f;
                default -> i % 8 == 3 ? Float.POSITIVE_INFINITY : Float.NEGATIVE_INFINITY;
            };
        }
        Tensor t = Tensor.ofFloats(new int[] {4, 1000}, x);
        for (ActivationQuant a : new ActivationQuant[] {
            new ActivationQuant("v", DType.INT8, 6.35, "max"),
            new ActivationQuant("v", DType.UINT8, 6.35, "max", 128),
            new ActivationQuant("v", DType.UINT8, 12.7, "max", 3),
            new ActivationQuant("v", DType.INT8, 1.0, "max", -20)}) {
            float[] expected = FakeQuant.apply(t, a).toFloats();
            Tensor codes = FakeQuant.codes(t, a, Buffers.FRESH);
            assertNotNull(codes, a.toString());
            assertEquals(a.dtype(), codes.dtype());
            float[] decoded = FakeQuant.decode(codes, a, Buffers.FRESH).toFloats();
            for (int i = 0; i < x.length; i++) {
                // equal as numbers: apply keeps the sign of a zero (rint(-0.3) = -0.0), a code does not
                assertEquals(expected[i] == 0 ? 0f : expected[i], decoded[i] == 0 ? 0f : decoded[i],
                        a + " at " + i + " (x = " + x[i] + ")");
            }
        }
    }

    @Test
    void noCodesForNaNOrWiderTypes() {
        Tensor nan = Tensor.ofFloats(new int[] {3}, new float[] {1f, Float.NaN, 2f});
        assertNull(FakeQuant.codes(nan, new ActivationQuant("v", DType.INT8, 4.0, "max"), Buffers.FRESH));
        Tensor ok = Tensor.ofFloats(new int[] {3}, new float[] {1f, 3f, 2f});
        assertNull(FakeQuant.codes(ok, new ActivationQuant("v", DType.INT16, 4.0, "max"), Buffers.FRESH));
    }
}
