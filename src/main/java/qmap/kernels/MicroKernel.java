package qmap.kernels;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * The 6 x 16 register tile of the convolution products: twelve 8-lane accumulators, each output
 * one fused multiply-add chain over k = 0..K-1 in order, then the bias. A holds the tile's rows
 * as a panel ({@link #pack}: t-major, {@link #MR} values per step); row t of B is the 16 floats
 * at {@code b[base + rows[t]]}, read where they lie (no packing).
 */
final class MicroKernel {
    static final int MR = 6;
    static final int NR = 16;
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_256;

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
     * C[cOff + r * ldc + j] = bias[biasOff + r] (0 when bias is null) + sum_t A(r, t) B(t, j) for
     * r < rows, j < cols, starting from zero or, when {@code accumulate}, from C's values (a sum
     * over K in blocks: the float32 accumulators pass through C unchanged, so the chain is the
     * same); a partial tile goes through {@code tile} (96 floats of scratch).
     */
    static void run(float[] a, int aOff, float[] b, int base, int[] rowsOfB, int k, float[] c, int cOff, int ldc,
                    int rows, int cols, boolean accumulate, float[] bias, int biasOff, float[] tile) {
        boolean full = rows == MR && cols == NR;
        float[] dst = full ? c : tile;
        int o = full ? cOff : 0;
        int step = full ? ldc : NR;
        if (accumulate && !full) {
            for (int r = 0; r < rows; r++) {
                System.arraycopy(c, cOff + r * ldc, tile, r * NR, cols);
            }
        }
        FloatVector c00 = accumulate ? FloatVector.fromArray(S, dst, o) : FloatVector.zero(S);
        FloatVector c01 = accumulate ? FloatVector.fromArray(S, dst, o + 8) : FloatVector.zero(S);
        FloatVector c10 = accumulate ? FloatVector.fromArray(S, dst, o + step) : FloatVector.zero(S);
        FloatVector c11 = accumulate ? FloatVector.fromArray(S, dst, o + step + 8) : FloatVector.zero(S);
        FloatVector c20 = accumulate ? FloatVector.fromArray(S, dst, o + 2 * step) : FloatVector.zero(S);
        FloatVector c21 = accumulate ? FloatVector.fromArray(S, dst, o + 2 * step + 8) : FloatVector.zero(S);
        FloatVector c30 = accumulate ? FloatVector.fromArray(S, dst, o + 3 * step) : FloatVector.zero(S);
        FloatVector c31 = accumulate ? FloatVector.fromArray(S, dst, o + 3 * step + 8) : FloatVector.zero(S);
        FloatVector c40 = accumulate ? FloatVector.fromArray(S, dst, o + 4 * step) : FloatVector.zero(S);
        FloatVector c41 = accumulate ? FloatVector.fromArray(S, dst, o + 4 * step + 8) : FloatVector.zero(S);
        FloatVector c50 = accumulate ? FloatVector.fromArray(S, dst, o + 5 * step) : FloatVector.zero(S);
        FloatVector c51 = accumulate ? FloatVector.fromArray(S, dst, o + 5 * step + 8) : FloatVector.zero(S);
        for (int t = 0; t < k; t++) {
            int bi = base + rowsOfB[t];
            int ai = aOff + t * MR;
            FloatVector b0 = FloatVector.fromArray(S, b, bi);
            FloatVector b1 = FloatVector.fromArray(S, b, bi + 8);
            FloatVector av = FloatVector.broadcast(S, a[ai]);
            c00 = av.fma(b0, c00);
            c01 = av.fma(b1, c01);
            av = FloatVector.broadcast(S, a[ai + 1]);
            c10 = av.fma(b0, c10);
            c11 = av.fma(b1, c11);
            av = FloatVector.broadcast(S, a[ai + 2]);
            c20 = av.fma(b0, c20);
            c21 = av.fma(b1, c21);
            av = FloatVector.broadcast(S, a[ai + 3]);
            c30 = av.fma(b0, c30);
            c31 = av.fma(b1, c31);
            av = FloatVector.broadcast(S, a[ai + 4]);
            c40 = av.fma(b0, c40);
            c41 = av.fma(b1, c41);
            av = FloatVector.broadcast(S, a[ai + 5]);
            c50 = av.fma(b0, c50);
            c51 = av.fma(b1, c51);
        }
        // stores written out here: a vector handed to a method that is not inlined is boxed
        if (bias != null) {
            c00 = c00.add(biasOf(bias, biasOff));
            c01 = c01.add(biasOf(bias, biasOff));
            c10 = c10.add(biasOf(bias, biasOff + 1));
            c11 = c11.add(biasOf(bias, biasOff + 1));
            c20 = c20.add(biasOf(bias, biasOff + 2));
            c21 = c21.add(biasOf(bias, biasOff + 2));
            c30 = c30.add(biasOf(bias, biasOff + 3));
            c31 = c31.add(biasOf(bias, biasOff + 3));
            c40 = c40.add(biasOf(bias, biasOff + 4));
            c41 = c41.add(biasOf(bias, biasOff + 4));
            c50 = c50.add(biasOf(bias, biasOff + 5));
            c51 = c51.add(biasOf(bias, biasOff + 5));
        }
        c00.intoArray(dst, o);
        c01.intoArray(dst, o + 8);
        c10.intoArray(dst, o + step);
        c11.intoArray(dst, o + step + 8);
        c20.intoArray(dst, o + 2 * step);
        c21.intoArray(dst, o + 2 * step + 8);
        c30.intoArray(dst, o + 3 * step);
        c31.intoArray(dst, o + 3 * step + 8);
        c40.intoArray(dst, o + 4 * step);
        c41.intoArray(dst, o + 4 * step + 8);
        c50.intoArray(dst, o + 5 * step);
        c51.intoArray(dst, o + 5 * step + 8);
        if (!full) {
            for (int r = 0; r < rows; r++) {
                System.arraycopy(tile, r * NR, c, cOff + r * ldc, cols);
            }
        }
    }

    /** The bias of row i as a vector; rows past the bias (a panel's padding) get 0. */
    private static FloatVector biasOf(float[] bias, int i) {
        return FloatVector.broadcast(S, i < bias.length ? bias[i] : 0f);
    }
}
