package qmap.quant.integer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.util.Random;
import org.junit.jupiter.api.Test;
import qmap.ir.DType;

/**
 * The requantization of a span of exact float32 sums (the Conv kernel's epilogue: vector lanes,
 * then a scalar tail) against {@link Requantizer#apply(long, int)} element by element, bit for
 * bit: float and fixed-point multipliers, exact halves (ties round to even), clamping on both
 * sides, a narrowed (fused Relu) range, biases a float32 holds and one it does not, spans of
 * every length around the vector width, with and without a per-channel look-up table, into
 * longs and into bytes (the low eight bits).
 */
class RequantizerSpanTest {
    private final Random rnd = new Random(23);

    @Test
    void spansMatchTheElementwiseRequantization() {
        RequantMode[] modes = {RequantMode.ORT_FLOAT, RequantMode.fixedPoint(32, false),
            RequantMode.fixedPoint(16, true)};
        int[][] ranges = {{-128, 127}, {0, 127}, {-3, 252}, {-32768, 32767}};
        long[] biases = {0, 17, -4093, (1 << 24) + 1, -(1 << 25) - 3};
        for (RequantMode mode : modes) {
            for (int[] range : ranges) {
                for (long bias : biases) {
                    check(mode, range[0], range[1], bias, 0.25f);   // many exact halves
                    check(mode, range[0], range[1], bias, 0.0013f + rnd.nextFloat() * 0.01f);
                    check(mode, range[0], range[1], bias, 3.7f);     // clamps most values
                }
            }
        }
    }

    private void check(RequantMode mode, int lo, int hi, long bias, float multiplier) {
        float[] fm = {multiplier, multiplier * 0.5f};
        double[] em = {multiplier, multiplier * 0.5};
        Requantizer rq = new Requantizer(mode, fm, em, lo, hi);
        long zp = 3;
        // a table per channel over the centered range plus the zero point (int16 ranges: none)
        boolean small = hi - lo < 256;
        long[] values = new long[2 * 256];
        for (int i = 0; i < values.length; i++) {
            values[i] = rnd.nextInt(256) - 128;
        }
        ValueTable table = new ValueTable(DType.INT8, DType.INT8, values);
        for (int length = 0; length <= 37; length++) {
            int offset = rnd.nextInt(5);
            float[] sums = new float[offset + length + 3];
            for (int i = 0; i < sums.length; i++) {
                sums[i] = rnd.nextInt(1 << 12) - (1 << 11);
            }
            for (int c = 0; c < 2; c++) {
                long[] expected = new long[sums.length];
                long[] expectedLooked = new long[sums.length];
                for (int p = offset; p < offset + length; p++) {
                    expected[p] = rq.apply((long) sums[p] + bias, c) + zp;
                    expectedLooked[p] = small ? values[c * 256 + (int) (expected[p] - zp - lo)] : 0;
                }
                long[] out = new long[sums.length];
                rq.apply(sums, offset, length, bias, c, zp, out, offset, null, 0);
                assertArrayEquals(expected, out, mode + " [" + lo + ", " + hi + "] bias " + bias + " m " + multiplier);
                byte[] bytes = new byte[sums.length];
                rq.apply(sums, offset, length, bias, c, zp, bytes, offset, null, 0);
                assertArrayEquals(lowBytes(expected), bytes, "into bytes");
                if (small) {
                    // the table is indexed by the stored value minus the type minimum: a zero point of -lo - 128 makes it q - lo
                    long[] looked = new long[sums.length];
                    rq.apply(sums, offset, length, bias, c, -lo - 128, looked, offset, table, c);
                    assertArrayEquals(expectedLooked, looked, "with a table, " + mode + " bias " + bias);
                    byte[] lookedBytes = new byte[sums.length];
                    rq.apply(sums, offset, length, bias, c, -lo - 128, lookedBytes, offset, table, c);
                    assertArrayEquals(lowBytes(expectedLooked), lookedBytes, "with a table, into bytes");
                    // the sums in a kernel's scratch, the results elsewhere in the output: two places further on
                    byte[] shifted = new byte[sums.length + 2];
                    rq.apply(sums, offset, length, bias, c, -lo - 128, shifted, offset + 2, table, c);
                    byte[] want = new byte[sums.length + 2];
                    System.arraycopy(lowBytes(expectedLooked), 0, want, 2, sums.length);
                    assertArrayEquals(want, shifted, "with a table, into bytes at another place");
                }
            }
        }
    }

    private static byte[] lowBytes(long[] v) {
        byte[] b = new byte[v.length];
        for (int i = 0; i < v.length; i++) {
            b[i] = (byte) v[i];
        }
        return b;
    }
}
