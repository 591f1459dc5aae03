package qmap.kernels;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * The 4 x 16 register tile of the convolution products: eight 8-lane accumulators, each output
 * one fused multiply-add chain over k = 0..K-1 in order, then the bias. A holds the tile's rows
 * as a panel ({@link #pack}: t-major, {@link #MR} values per step); B comes as packed tiles of
 * 16 floats per step ({@link DirectGemm} packs them).
 */
final class MicroKernel {
    /** Rows of a panel: a power of two, so that A's index is {@code a0 + MR t} (see {@link #panel}). */
    static final int MR = 4;
    static final int NR = 16;
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_256;
    private static final float[] ZEROS = new float[MR * NR];

    private MicroKernel() {
    }

    /**
     * The row panels of an M x K matrix whose element (i, t) is
     * {@code a[offset + i * rowStride + t * colStride]}: panel p holds rows {@code p*MR ..}
     * t-major, rows past M zero.
     */
    static float[] pack(float[] a, int offset, int rowStride, int colStride, int m, int k) {
        int panels = (m + MR - 1) / MR;
        float[] p = new float[panels * MR * k];
        for (int i = 0; i < m; i++) {
            int d = (i / MR) * MR * k + i % MR;
            int s = offset + i * rowStride;
            for (int t = 0; t < k; t++, d += MR, s += colStride) {
                p[d] = a[s];
            }
        }
        return p;
    }

    /**
     * An edge tile: rows < MR of a panel or cols < 16 of a packed tile (zeros past cols), through
     * {@code tile} (MR x NR floats of scratch), starting from zero or, when {@code accumulate}, from
     * C's values; the tile's other rows and columns are computed and dropped.
     */
    static void edge(float[] a, int aOff, float[] b, int bOff, int k, float[] c, int cOff, int ldc, int rows,
                     int cols, boolean accumulate, float[] bias, int biasOff, float[] tile) {
        if (accumulate) {
            for (int r = 0; r < rows; r++) {
                System.arraycopy(c, cOff + r * ldc, tile, r * NR, cols);
            }
        }
        tileColumn(a, aOff, 0, 1, b, bOff, k, accumulate, tile, 0, NR, bias, biasOff);
        for (int r = 0; r < rows; r++) {
            System.arraycopy(tile, r * NR, c, cOff + r * ldc, cols);
        }
    }

    /**
     * One packed 16-column tile of B (step t at {@code b[bOff + t * NR]}) times {@code panels}
     * whole row panels of A (panel p from {@code aOff + p * aStride}), into C rows {@code MR}
     * per panel from {@code cOff} (rows ldc apart), starting from zero or from C, plus
     * {@code bias[biasOff + row]}: the tile (k x 64 bytes) stays in L1 while the panels stream
     * past it, one {@link #panel} call each.
     */
    static void tileColumn(float[] a, int aOff, int aStride, int panels, float[] b, int bOff, int k,
                           boolean accumulate, float[] c, int cOff, int ldc, float[] bias, int biasOff) {
        float[] init = accumulate ? c : ZEROS;
        int s0 = accumulate ? ldc : NR;
        for (int p = 0; p < panels; p++) {
            int o = cOff + p * MR * ldc;
            panel(a, aOff + p * aStride, b, bOff, k, init, accumulate ? o : 0, s0, c, o, ldc, bias, biasOff + p * MR);
        }
    }

    /**
     * One row panel on the tile: C rows from {@code o} (ldc apart) = the running sums from
     * {@code init[i0]} (rows s0 apart) plus the k steps, plus the bias. A method of its own, too
     * large for C2 to inline into the loop over panels, so the panel loop's values do not crowd
     * its registers. Both indices are computed from t alone ({@code a0 + 4t}, {@code bOff + 16t}),
     * each t times a power of two: with 6 x 16 panels of 6 floats a step, A's bounds checks and
     * about 16 instructions of index arithmetic stayed in the loop beside the 12 multiply-adds
     * (C2 turns {@code 6t} into shifts and adds, apparently too much for its range-check
     * elimination). A micro-benchmark of copies (each its own method, in turns in one process,
     * every panel on each 16-column tile, 240 x 240 by 240 x 960) gave 78.5 GFLOP/s for 6 x 16,
     * 81 for 4 x 16 and 83 for 5 x 16 with panels padded to 8 floats a step (6 x 16 padded to 8
     * made C2 spill an accumulator: 39). In the models, in alternating processes, 5 x 16 beat
     * 6 x 16 (rec at one thread 28.2-28.6 against 29.1-29.5 ms), then 4 x 16 beat 5 x 16 in a
     * busier hour (rec 28.4-29.0 against 29.8-34.4 ms, det 120-126 against 127-150 ms): 4 x 16
     * panels are the weights' size, the padded ones 1.6 times it. An earlier A index stepping
     * as a second induction variable made the code depend on the profile (36 GFLOP/s for 8
     * panels at k = 256); unrolling two steps of the 6 x 16 tile made C2 spill accumulators
     * (55 GFLOP/s).
     */
    private static void panel(float[] a, int a0, float[] b, int bOff, int k, float[] init, int i0, int s0,
                              float[] c, int o, int ldc, float[] bias, int bo) {
        FloatVector c00 = FloatVector.fromArray(S, init, i0);
        FloatVector c01 = FloatVector.fromArray(S, init, i0 + 8);
        FloatVector c10 = FloatVector.fromArray(S, init, i0 + s0);
        FloatVector c11 = FloatVector.fromArray(S, init, i0 + s0 + 8);
        FloatVector c20 = FloatVector.fromArray(S, init, i0 + 2 * s0);
        FloatVector c21 = FloatVector.fromArray(S, init, i0 + 2 * s0 + 8);
        FloatVector c30 = FloatVector.fromArray(S, init, i0 + 3 * s0);
        FloatVector c31 = FloatVector.fromArray(S, init, i0 + 3 * s0 + 8);
        for (int t = 0; t < k; t++) {
            int ai = a0 + t * MR;
            int bt = bOff + t * NR;
            FloatVector v0 = FloatVector.fromArray(S, b, bt);
            FloatVector v1 = FloatVector.fromArray(S, b, bt + 8);
            FloatVector av = FloatVector.broadcast(S, a[ai]);
            c00 = av.fma(v0, c00);
            c01 = av.fma(v1, c01);
            av = FloatVector.broadcast(S, a[ai + 1]);
            c10 = av.fma(v0, c10);
            c11 = av.fma(v1, c11);
            av = FloatVector.broadcast(S, a[ai + 2]);
            c20 = av.fma(v0, c20);
            c21 = av.fma(v1, c21);
            av = FloatVector.broadcast(S, a[ai + 3]);
            c30 = av.fma(v0, c30);
            c31 = av.fma(v1, c31);
        }
        c00.add(bias[bo]).intoArray(c, o);
        c01.add(bias[bo]).intoArray(c, o + 8);
        c10.add(bias[bo + 1]).intoArray(c, o + ldc);
        c11.add(bias[bo + 1]).intoArray(c, o + ldc + 8);
        c20.add(bias[bo + 2]).intoArray(c, o + 2 * ldc);
        c21.add(bias[bo + 2]).intoArray(c, o + 2 * ldc + 8);
        c30.add(bias[bo + 3]).intoArray(c, o + 3 * ldc);
        c31.add(bias[bo + 3]).intoArray(c, o + 3 * ldc + 8);
    }
}
