package qmap.kernels;

import java.util.Map;
import java.util.WeakHashMap;
import java.util.concurrent.ForkJoinPool;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link DirectGemm}'s product for few rows of A and a deep K (a convolution with few output
 * channels and a wide window, such as the detector's 96 to 24 maps 3x3 convs): the vectors run
 * along A's rows, eight output channels a lane each, and B's values are broadcast straight from
 * where they lie, three consecutive positions at a time. Nothing of B is packed: with 24 rows,
 * DirectGemm's packed copy of B (K values per column, read by 24 rows only) was a quarter of the
 * conv. Every element of C is the same multiply-add chain as DirectGemm's (from zero, over
 * t = 0..K-1 in order, then the bias), so the two give the same bits.
 */
final class ChannelGemm {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_256;
    private static final int L = 8;
    /** Channels per chunk of A: three vectors. */
    private static final int CHUNK = 3 * L;
    /** Floats per step of a chunk's weights: its 24 and 8 zeros, so {@code t * STEP} is a shift. */
    private static final int STEP = 32;
    /** Positions per register tile: 3 x 3 vectors, nine accumulators and six loads in 16 registers. */
    private static final int P = 3;
    /** Columns of C per task. */
    private static final int BLOCK = 256;
    private static final ThreadLocal<float[]> TILE = ThreadLocal.withInitial(() -> new float[P * CHUNK]);
    /** Transposed weights by panel array (weak: they go with the panels). */
    private static final Map<float[], float[]> TRANSPOSED = new WeakHashMap<>();
    private static final ThreadLocal<float[]> SUMS = ThreadLocal.withInitial(() -> new float[0]);

    private ChannelGemm() {
    }

    /** Whether a product of m rows over k steps runs here: few rows, a deep window. */
    static boolean fits(int m, int k) {
        return m <= CHUNK && k >= 64;
    }

    /** As {@link DirectGemm#multiply}, A given as {@link MicroKernel#pack} panels. */
    static void multiply(float[] panels, int m, DirectGemm.Operand b, float[] bias, int channel0,
                         DirectGemm.Output c, ForkJoinPool pool, Epilogue epilogue) {
        int k = b.rows().length;
        float[] wt = weights(panels, m, k);
        float[] rowBias = new float[CHUNK];
        for (int i = 0; bias != null && i < m; i++) {
            rowBias[i] = bias[channel0 + i];
        }
        int n = b.positions() / b.pitch() * c.width();
        int tasks = pool == null ? 1 : DirectGemm.TASKS_PER_THREAD * (pool.getParallelism() + 1);
        int block = Math.max(P, Math.min(BLOCK, (n + tasks - 1) / tasks));
        int blocks = (n + block - 1) / block;
        boolean scratch = epilogue != null && epilogue.readsOnly();
        Parallel.forEach(pool, blocks, task -> {
            int j0 = task * block;
            int j1 = Math.min(n, j0 + block);
            DirectGemm.Output out = scratch ? new DirectGemm.Output(DirectGemm.scratch(SUMS, m * block), -j0, block, c.width()) : c;
            block(wt, m, b, j0, j1, rowBias, out);
            for (int row = 0; epilogue != null && row < m; row++) {
                if (scratch) {
                    epilogue.apply(out.data(), row * block, j1 - j0, channel0 + row, c.base() + row * c.ldc() + j0);
                } else {
                    epilogue.apply(c.data(), c.base() + row * c.ldc() + j0, j1 - j0, channel0 + row);
                }
            }
        });
    }

    /**
     * A's rows as step-major chunks of {@link #STEP} floats, made once per panel array: the
     * panels of constant weights are themselves kept from run to run ({@link FastConv}), so a
     * conv transposes its weights once, not on every run.
     */
    private static float[] weights(float[] panels, int m, int k) {
        synchronized (TRANSPOSED) {
            float[] wt = TRANSPOSED.get(panels);
            if (wt == null) {
                wt = new float[k * STEP];
                for (int i = 0; i < m; i++) {
                    for (int t = 0; t < k; t++) {
                        wt[t * STEP + i] = panels[(i / MicroKernel.MR * k + t) * MicroKernel.MR + i % MicroKernel.MR];
                    }
                }
                TRANSPOSED.put(panels, wt);
            }
            return wt;
        }
    }

    /** Rows 0..m of C at columns j0..j1, run by run of consecutive positions of an output row. */
    private static void block(float[] wt, int m, DirectGemm.Operand b, int j0, int j1, float[] bias,
                              DirectGemm.Output c) {
        float[] tile = TILE.get();
        int width = c.width();
        for (int j = j0; j < j1; ) {
            int x = j % width;
            int run = Math.min(j1 - j, width - x);
            int at = b.base() + j / width * b.pitch() + x;
            for (int q = 0; q < run; q += P) {
                int positions = Math.min(P, run - q);
                if (positions == P) {
                    tile(wt, b.data(), at + q, b.rows(), tile);
                } else {
                    for (int p = 0; p < positions; p++) {
                        single(wt, b.data(), at + q + p, b.rows(), tile, p * CHUNK);
                    }
                }
                float[] y = c.data();
                for (int r = 0; r < m; r++) {
                    int d = c.base() + r * c.ldc() + j + q;
                    for (int p = 0; p < positions; p++) {
                        y[d + p] = tile[p * CHUNK + r] + bias[r];
                    }
                }
            }
            j += run;
        }
    }

    /** Three vectors of channels at three positions: tile[p * 24 + channel]. */
    private static void tile(float[] wt, float[] data, int at, int[] rows, float[] tile) {
        FloatVector a00 = FloatVector.zero(S);
        FloatVector a01 = a00;
        FloatVector a02 = a00;
        FloatVector a10 = a00;
        FloatVector a11 = a00;
        FloatVector a12 = a00;
        FloatVector a20 = a00;
        FloatVector a21 = a00;
        FloatVector a22 = a00;
        for (int t = 0; t < rows.length; t++) {
            int w = t * STEP;
            int o = at + rows[t];
            FloatVector w0 = FloatVector.fromArray(S, wt, w);
            FloatVector w1 = FloatVector.fromArray(S, wt, w + L);
            FloatVector w2 = FloatVector.fromArray(S, wt, w + 2 * L);
            FloatVector x = FloatVector.broadcast(S, data[o]);
            a00 = x.fma(w0, a00);
            a01 = x.fma(w1, a01);
            a02 = x.fma(w2, a02);
            x = FloatVector.broadcast(S, data[o + 1]);
            a10 = x.fma(w0, a10);
            a11 = x.fma(w1, a11);
            a12 = x.fma(w2, a12);
            x = FloatVector.broadcast(S, data[o + 2]);
            a20 = x.fma(w0, a20);
            a21 = x.fma(w1, a21);
            a22 = x.fma(w2, a22);
        }
        a00.intoArray(tile, 0);
        a01.intoArray(tile, L);
        a02.intoArray(tile, 2 * L);
        a10.intoArray(tile, CHUNK);
        a11.intoArray(tile, CHUNK + L);
        a12.intoArray(tile, CHUNK + 2 * L);
        a20.intoArray(tile, 2 * CHUNK);
        a21.intoArray(tile, 2 * CHUNK + L);
        a22.intoArray(tile, 2 * CHUNK + 2 * L);
    }

    /** All the channels at one position, into tile[to..to+24). */
    private static void single(float[] wt, float[] data, int at, int[] rows, float[] tile, int to) {
        FloatVector a0 = FloatVector.zero(S);
        FloatVector a1 = a0;
        FloatVector a2 = a0;
        for (int t = 0; t < rows.length; t++) {
            FloatVector x = FloatVector.broadcast(S, data[at + rows[t]]);
            a0 = x.fma(FloatVector.fromArray(S, wt, t * STEP), a0);
            a1 = x.fma(FloatVector.fromArray(S, wt, t * STEP + L), a1);
            a2 = x.fma(FloatVector.fromArray(S, wt, t * STEP + 2 * L), a2);
        }
        a0.intoArray(tile, to);
        a1.intoArray(tile, to + L);
        a2.intoArray(tile, to + 2 * L);
    }
}
