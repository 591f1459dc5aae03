package qmap.kernels;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import java.util.concurrent.ForkJoinPool;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * ChannelGemm against DirectGemm's packed product, bit for bit (the same multiply-add chain per
 * element): few rows, deep K, B as a matrix and as a window over rows of a padded plane
 * (positions past a row's end left out), with and without bias, an epilogue that writes in
 * place or only reads, on one and two threads.
 */
class ChannelGemmTest {
    private static final ForkJoinPool POOL = new ForkJoinPool(1);
    private final Random rnd = new Random(11);

    @AfterAll
    static void stopPool() {
        POOL.shutdown();
    }

    private float[] random(int n) {
        float[] v = new float[n];
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) rnd.nextGaussian();
        }
        return v;
    }

    /** B as k rows of a plane {@code pitch} wide and {@code height + 1} high, each read from its own shift. */
    private DirectGemm.Operand window(float[] data, int k, int height, int pitch) {
        int[] rows = new int[k];
        for (int t = 0; t < k; t++) {
            rows[t] = rnd.nextInt(data.length - (height + 1) * pitch - 16);
        }
        return new DirectGemm.Operand(data, 3, rows, height * pitch, pitch);
    }

    private void check(int m, int k, DirectGemm.Operand b, int width, boolean bias, boolean readsOnly) {
        float[] a = MicroKernel.pack(random(m * k), 0, k, 1, m, k);
        float[] bs = bias ? random(m + 2) : null;
        int n = b.positions() / b.pitch() * width;
        for (ForkJoinPool pool : new ForkJoinPool[] {null, POOL}) {
            float[][] outs = new float[2][];
            float[][] seen = new float[2][];
            for (int side = 0; side < 2; side++) {
                float[] y = new float[5 + m * n];
                float[] copy = new float[y.length];
                Epilogue epilogue = readsOnly ? new Epilogue() {
                    @Override
                    public void apply(float[] v, int offset, int length, int channel) {
                        throw new AssertionError("a reads-only epilogue gets where its span is");
                    }

                    @Override
                    public boolean readsOnly() {
                        return true;
                    }

                    @Override
                    public void apply(float[] sums, int offset, int length, int channel, int at) {
                        System.arraycopy(sums, offset, copy, at, length);
                    }
                } : (v, offset, length, channel) -> {
                    for (int i = offset; i < offset + length; i++) {
                        v[i] = v[i] * 0.5f + channel;
                    }
                };
                DirectGemm.Output c = new DirectGemm.Output(y, 5, n, width);
                if (side == 0) {
                    ChannelGemm.multiply(a, m, b, bs, 2, c, pool, epilogue);
                } else {
                    DirectGemm.packed(a, m, b, bs, 2, c, pool, epilogue);
                }
                outs[side] = y;
                seen[side] = copy;
            }
            String what = "m=" + m + " k=" + k + " n=" + n + " bias=" + bias + " readsOnly=" + readsOnly
                    + (pool == null ? "" : ", two threads");
            assertArrayEquals(outs[1], outs[0], what);
            assertArrayEquals(seen[1], seen[0], what + " (sums handed to the epilogue)");
        }
    }

    @Test
    void givesThePackedProductsBits() {
        for (int m : new int[] {1, 5, 8, 17, 24}) {
            for (int k : new int[] {64, 101, 300}) {
                assertTrue(ChannelGemm.fits(m, k));
                // a matrix of 37 columns (12 tiles of three positions and one alone)
                check(m, k, DirectGemm.Operand.matrix(random(k * 37 + 8), 8, k, 37), 37, m % 2 == 0, false);
                // a window: rows of 13 outputs in a plane 16 wide, 9 rows
                DirectGemm.Operand window = window(random(4000), k, 9, 16);
                check(m, k, window, 13, true, m == 24);
                check(m, k, window, 13, false, false);
            }
        }
    }
}
