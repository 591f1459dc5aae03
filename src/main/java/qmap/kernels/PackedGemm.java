package qmap.kernels;

import java.util.concurrent.ForkJoinPool;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * Float32 matrix product C = A B (+ a bias per row of C) with both operands packed for a
 * register-blocked micro-kernel of {@link #MR} rows x {@link #NR} columns. A is packed once into
 * row panels ({@link #packRows}); B is packed a column block at a time into scratch that each
 * thread keeps. Every element of C is one fused multiply-add chain over k = 0..K-1 in order,
 * plus the bias at the end, whatever the blocking and thread count, so results are
 * bit-identical for any pool.
 */
public final class PackedGemm {
    static final int MR = 4;
    static final int NR = 16;
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_256;
    /** Target size of one packed B block, so it stays in L2 while the row panels stream past. */
    private static final int BLOCK_FLOATS = 48 * 1024;
    private static final ThreadLocal<float[]> SCRATCH = ThreadLocal.withInitial(() -> new float[0]);

    private PackedGemm() {
    }

    /** The row panels of an M x K matrix whose element (i, t) is {@code a[offset + i * rowStride + t * colStride]}. */
    public static float[] packRows(float[] a, int offset, int rowStride, int colStride, int m, int k) {
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
     * C[cOffset + i * ldc + j] = sum_t A(i, t) B(t, j) + bias[biasOffset + i] (no bias when null),
     * for i < m and j < n; {@code a} holds A's row panels.
     */
    public static void multiply(float[] a, int m, int k, ColumnPanels b, int n, float[] bias, int biasOffset,
                                float[] c, int cOffset, int ldc, ForkJoinPool pool) {
        int blockCols = Math.max(NR, Math.min(512, BLOCK_FLOATS / Math.max(1, k) / NR * NR));
        int colBlocks = (n + blockCols - 1) / blockCols;
        int rowPanels = (m + MR - 1) / MR;
        // with few column blocks, rows split too, so both threads have work; B is packed per task
        int rowGroups = Math.min(rowPanels, Math.max(1, 8 / colBlocks));
        int panelsPerGroup = (rowPanels + rowGroups - 1) / rowGroups;
        rowGroups = (rowPanels + panelsPerGroup - 1) / panelsPerGroup;
        int groups = rowGroups;
        Parallel.forEach(pool, colBlocks * rowGroups, task -> {
            int col0 = (task / groups) * blockCols;
            int cols = Math.min(blockCols, n - col0);
            int panel0 = (task % groups) * panelsPerGroup;
            int panel1 = Math.min(rowPanels, panel0 + panelsPerGroup);
            float[] packed = scratch(k * ((cols + NR - 1) / NR) * NR);
            b.pack(col0, cols, packed);
            for (int rp = panel0; rp < panel1; rp++) {
                int row0 = rp * MR;
                int rows = Math.min(MR, m - row0);
                for (int cp = 0; cp * NR < cols; cp++) {
                    kernel(a, rp * MR * k, packed, cp * k * NR, k, c, cOffset + row0 * ldc + col0 + cp * NR, ldc,
                            rows, Math.min(NR, cols - cp * NR), bias, bias == null ? 0 : biasOffset + row0);
                }
            }
        });
    }

    private static float[] scratch(int size) {
        float[] s = SCRATCH.get();
        if (s.length < size) {
            s = new float[size];
            SCRATCH.set(s);
        }
        return s;
    }

    /** One MR x NR tile of C from a row panel and a column panel. */
    private static void kernel(float[] a, int aOff, float[] b, int bOff, int k, float[] c, int cOff, int ldc,
                               int rows, int cols, float[] bias, int biasOff) {
        FloatVector c00 = FloatVector.zero(S);
        FloatVector c01 = FloatVector.zero(S);
        FloatVector c10 = FloatVector.zero(S);
        FloatVector c11 = FloatVector.zero(S);
        FloatVector c20 = FloatVector.zero(S);
        FloatVector c21 = FloatVector.zero(S);
        FloatVector c30 = FloatVector.zero(S);
        FloatVector c31 = FloatVector.zero(S);
        for (int t = 0; t < k; t++) {
            int bi = bOff + t * NR;
            int ai = aOff + t * MR;
            FloatVector b0 = FloatVector.fromArray(S, b, bi);
            FloatVector b1 = FloatVector.fromArray(S, b, bi + 8);
            FloatVector a0 = FloatVector.broadcast(S, a[ai]);
            c00 = a0.fma(b0, c00);
            c01 = a0.fma(b1, c01);
            FloatVector a1 = FloatVector.broadcast(S, a[ai + 1]);
            c10 = a1.fma(b0, c10);
            c11 = a1.fma(b1, c11);
            FloatVector a2 = FloatVector.broadcast(S, a[ai + 2]);
            c20 = a2.fma(b0, c20);
            c21 = a2.fma(b1, c21);
            FloatVector a3 = FloatVector.broadcast(S, a[ai + 3]);
            c30 = a3.fma(b0, c30);
            c31 = a3.fma(b1, c31);
        }
        if (rows == MR && cols == NR) {
            store(c00, c01, c, cOff, bias, biasOff);
            store(c10, c11, c, cOff + ldc, bias, biasOff + 1);
            store(c20, c21, c, cOff + 2 * ldc, bias, biasOff + 2);
            store(c30, c31, c, cOff + 3 * ldc, bias, biasOff + 3);
            return;
        }
        float[] tile = new float[MR * NR];
        c00.intoArray(tile, 0);
        c01.intoArray(tile, 8);
        c10.intoArray(tile, 16);
        c11.intoArray(tile, 24);
        c20.intoArray(tile, 32);
        c21.intoArray(tile, 40);
        c30.intoArray(tile, 48);
        c31.intoArray(tile, 56);
        for (int r = 0; r < rows; r++) {
            for (int j = 0; j < cols; j++) {
                c[cOff + r * ldc + j] = bias == null ? tile[r * NR + j] : tile[r * NR + j] + bias[biasOff + r];
            }
        }
    }

    private static void store(FloatVector lo, FloatVector hi, float[] c, int off, float[] bias, int biasOff) {
        if (bias != null) {
            FloatVector add = FloatVector.broadcast(S, bias[biasOff]);
            lo = lo.add(add);
            hi = hi.add(add);
        }
        lo.intoArray(c, off);
        hi.intoArray(c, off + 8);
    }
}
