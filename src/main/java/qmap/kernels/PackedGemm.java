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
    /** Depth of one K block: a packed KC x NR panel (16 KB) stays in L1 through a row of tiles. */
    static final int KC = 256;
    /** Target size of one packed B block, so it stays in L2 while the row panels stream past. */
    private static final int BLOCK_FLOATS = 32 * 1024;
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
     * for i < m and j < n; {@code a} holds A's row panels. K is walked in blocks of {@link #KC}
     * so a packed B panel stays in L1; between blocks the float32 accumulators go through C
     * unchanged, so blocking does not alter the chain.
     */
    public static void multiply(float[] a, int m, int k, ColumnPanels b, int n, float[] bias, int biasOffset,
                                float[] c, int cOffset, int ldc, ForkJoinPool pool) {
        multiply(a, m, k, b, n, bias, biasOffset, c, cOffset, ldc, pool, null);
    }

    /**
     * As above, then {@code epilogue} on each finished row span of C (row i is channel
     * {@code biasOffset + i}) while it is in cache; null for none.
     */
    public static void multiply(float[] a, int m, int k, ColumnPanels b, int n, float[] bias, int biasOffset,
                                float[] c, int cOffset, int ldc, ForkJoinPool pool, Epilogue epilogue) {
        int depth = Math.min(KC, k);
        int blockCols = Math.max(NR, Math.min(512, BLOCK_FLOATS / depth / NR * NR));
        int colBlocks = (n + blockCols - 1) / blockCols;
        int rowPanels = (m + MR - 1) / MR;
        // with few column blocks, rows split too, so every thread has work; B is packed per task
        int rowGroups = Math.min(rowPanels, Math.max(1, 8 / colBlocks));
        int panelsPerGroup = (rowPanels + rowGroups - 1) / rowGroups;
        int groups = (rowPanels + panelsPerGroup - 1) / panelsPerGroup;
        Parallel.forEach(pool, colBlocks * groups, task -> {
            int col0 = (task / groups) * blockCols;
            int cols = Math.min(blockCols, n - col0);
            int panel0 = (task % groups) * panelsPerGroup;
            int panel1 = Math.min(rowPanels, panel0 + panelsPerGroup);
            float[] packed = scratch(depth * ((cols + NR - 1) / NR) * NR);
            for (int k0 = 0; k0 < k; k0 += KC) {
                int kb = Math.min(KC, k - k0);
                b.pack(k0, kb, col0, cols, packed);
                boolean first = k0 == 0;
                boolean last = k0 + kb == k;
                for (int rp = panel0; rp < panel1; rp++) {
                    int row0 = rp * MR;
                    int rows = Math.min(MR, m - row0);
                    for (int cp = 0; cp * NR < cols; cp++) {
                        kernel(a, rp * MR * k + k0 * MR, packed, cp * kb * NR, kb,
                                c, cOffset + row0 * ldc + col0 + cp * NR, ldc, rows, Math.min(NR, cols - cp * NR),
                                first, last ? bias : null, biasOffset + row0);
                    }
                    if (last && epilogue != null) {
                        for (int r = 0; r < rows; r++) {
                            epilogue.apply(c, cOffset + (row0 + r) * ldc + col0, cols, biasOffset + row0 + r);
                        }
                    }
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

    /**
     * One MR x NR tile of C from a row panel and a column panel over {@code k} steps, starting
     * from zero ({@code first}) or from C's current values; adds the bias when given (last block).
     */
    private static void kernel(float[] a, int aOff, float[] b, int bOff, int k, float[] c, int cOff, int ldc,
                               int rows, int cols, boolean first, float[] bias, int biasOff) {
        boolean full = rows == MR && cols == NR;
        float[] tile = full ? null : new float[MR * NR];
        if (!full && !first) {
            for (int r = 0; r < rows; r++) {
                System.arraycopy(c, cOff + r * ldc, tile, r * NR, cols);
            }
        }
        float[] src = full ? c : tile;
        int o0 = full ? cOff : 0;
        int step = full ? ldc : NR;
        FloatVector c00 = first ? FloatVector.zero(S) : FloatVector.fromArray(S, src, o0);
        FloatVector c01 = first ? FloatVector.zero(S) : FloatVector.fromArray(S, src, o0 + 8);
        FloatVector c10 = first ? FloatVector.zero(S) : FloatVector.fromArray(S, src, o0 + step);
        FloatVector c11 = first ? FloatVector.zero(S) : FloatVector.fromArray(S, src, o0 + step + 8);
        FloatVector c20 = first ? FloatVector.zero(S) : FloatVector.fromArray(S, src, o0 + 2 * step);
        FloatVector c21 = first ? FloatVector.zero(S) : FloatVector.fromArray(S, src, o0 + 2 * step + 8);
        FloatVector c30 = first ? FloatVector.zero(S) : FloatVector.fromArray(S, src, o0 + 3 * step);
        FloatVector c31 = first ? FloatVector.zero(S) : FloatVector.fromArray(S, src, o0 + 3 * step + 8);
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
        store(c00, c01, src, o0, bias, biasOff);
        store(c10, c11, src, o0 + step, bias, biasOff + 1);
        store(c20, c21, src, o0 + 2 * step, bias, biasOff + 2);
        store(c30, c31, src, o0 + 3 * step, bias, biasOff + 3);
        if (!full) {
            for (int r = 0; r < rows; r++) {
                System.arraycopy(tile, r * NR, c, cOff + r * ldc, cols);
            }
        }
    }

    private static void store(FloatVector lo, FloatVector hi, float[] c, int off, float[] bias, int biasOff) {
        if (bias != null && biasOff < bias.length) {
            FloatVector add = FloatVector.broadcast(S, bias[biasOff]);
            lo = lo.add(add);
            hi = hi.add(add);
        }
        lo.intoArray(c, off);
        hi.intoArray(c, off + 8);
    }
}
