package qmap.kernels;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import qmap.ir.Tensor;

/**
 * Random inputs and the agreement check for fast kernels against the reference kernels.
 *
 * <p>Tolerance: the reference sums in double and rounds once; a fast kernel sums K float32
 * products in a fused multiply-add chain, each step rounding to float32 (relative 6e-8). Over
 * the K <= ~5000 terms of these tests the accumulated error stays well under 1e-5 of the
 * largest output, while an indexing or padding mistake moves outputs by O(max|ref|) and drops
 * the cosine far below 0.9999999. So: cosine >= 0.9999999 and max |fast - ref| <= 1e-5 max |ref|.
 */
final class KernelCheck {
    private KernelCheck() {
    }

    static Tensor random(Random rnd, int... shape) {
        int n = 1;
        for (int d : shape) {
            n *= d;
        }
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = (float) (rnd.nextDouble() * 2 - 1);
        }
        return Tensor.ofFloats(shape, v);
    }

    static void assertClose(Tensor ref, Tensor fast, String what) {
        assertArrayEquals(ref.shape(), fast.shape(), what + ": shape");
        float[] r = ref.floats();
        float[] f = fast.floats();
        double dot = 0;
        double rr = 0;
        double ff = 0;
        double maxRef = 0;
        double maxDiff = 0;
        for (int i = 0; i < r.length; i++) {
            dot += (double) r[i] * f[i];
            rr += (double) r[i] * r[i];
            ff += (double) f[i] * f[i];
            maxRef = Math.max(maxRef, Math.abs(r[i]));
            maxDiff = Math.max(maxDiff, Math.abs(r[i] - f[i]));
        }
        double cosine = rr == 0 && ff == 0 ? 1 : dot / Math.sqrt(rr * ff);
        assertTrue(cosine >= 0.9999999, what + ": cosine " + cosine);
        assertTrue(maxDiff <= 1e-5 * maxRef, what + ": max abs diff " + maxDiff + " vs max |ref| " + maxRef);
    }

    /** Bit-identical values (elementwise kernels, and any kernel across thread counts). */
    static void assertSame(Tensor ref, Tensor fast, String what) {
        assertArrayEquals(ref.shape(), fast.shape(), what + ": shape");
        assertArrayEquals(ref.floats(), fast.floats(), what);
    }
}
