package qmap.kernels;

import java.util.concurrent.ForkJoinPool;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * C = A B (+ a bias per row of C) with A in {@link MicroKernel} row panels and B given where it
 * lies: row t of B at position p is {@code b.data[b.base + b.rows[t] + p]}, so a matrix, an
 * image's channels or a convolution's padded phase planes ({@link PhasePlanes}) serve without an
 * im2col matrix. Positions are {@code oy * pitch + ox}; C column {@code oy * width + ox} is
 * position ({@code ox < width}), the rest (past an output row) are never computed.
 *
 * <p>The blocking is the classic one: a task's block of C columns at a time, B is packed
 * {@link #KC} steps of K deep into tiles of 16 columns (only that slice of the im2col matrix
 * exists, in L2); each tile then stays in L1 while every row panel of A streams past it
 * ({@link MicroKernel#tileColumn}). Packing costs one copy of B's slice per block and pays it
 * back as sequential, bounds-check-free loads for all panels: measured against reading B through
 * the row table, 20 vs 24 ms on the detector's 96 to 24 maps 3x3 conv at 160 x 160 (where the
 * copy is a fifth of the time) and 3.2 vs 3.9 ms on the recognizer's 480 x 480 pointwise
 * conv. Work is split by blocks of columns (and, with
 * few columns, groups of row panels); every element of C is one multiply-add chain over
 * t = 0..K-1 in order (the running sums pass through C unchanged between steps of KC) plus the
 * bias, so results do not depend on the split or the thread count.
 */
final class DirectGemm {
    /**
     * B: row t at {@code data[base + rows[t]]}, {@code positions} columns in rows of {@code pitch};
     * or, when {@code codes} is not null, 8-bit codes there (uint8 when {@code unsigned}, else
     * int8) minus {@code zeroPoint}, converted to floats as they are packed (data unused).
     */
    record Operand(float[] data, int base, int[] rows, int positions, int pitch, byte[] codes, boolean unsigned,
                   int zeroPoint, float[] tiles) {
        Operand(float[] data, int base, int[] rows, int positions, int pitch) {
            this(data, base, rows, positions, pitch, null, false, 0, null);
        }

        Operand(float[] data, int base, int[] rows, int positions, int pitch, byte[] codes, boolean unsigned,
                int zeroPoint) {
            this(data, base, rows, positions, pitch, codes, unsigned, zeroPoint, null);
        }

        /**
         * A row-major K x N matrix already packed by {@link #pack(float[], int, int, int)}: the
         * products read its tiles instead of packing B (data unused).
         */
        static Operand packed(float[] tiles, int k, int n) {
            return new Operand(null, 0, matrixRows(k, n), n, n, null, false, 0, tiles);
        }

        /** A row-major K x N matrix at {@code data[base]}. */
        static Operand matrix(float[] data, int base, int k, int n) {
            return new Operand(data, base, matrixRows(k, n), n, n);
        }

        /** A row-major K x N matrix of 8-bit codes at {@code codes[base]}, minus their zero point. */
        static Operand matrix(byte[] codes, boolean unsigned, int zeroPoint, int base, int k, int n) {
            return new Operand(null, base, matrixRows(k, n), n, n, codes, unsigned, zeroPoint);
        }

        private static int[] matrixRows(int k, int n) {
            int[] rows = new int[k];
            for (int t = 0; t < k; t++) {
                rows[t] = t * n;
            }
            return rows;
        }
    }

    /** C: row i at {@code data[base + i * ldc]}, output rows of {@code width} columns. */
    record Output(float[] data, int base, int ldc, int width) {
    }

    /** Columns per task: the block's packed slice of B (KC x BLOCK floats, 256 KB) stays in L2. */
    private static final int BLOCK = 256;
    /**
     * Tasks per thread a product is cut into at least, when it has the columns or row panels:
     * with two threads, 16 tasks leave little of the work to one thread at the end.
     */
    static final int TASKS_PER_THREAD = 8;
    /** Depth of a packed slice of B: a tile's KC x 16 floats (16 KB) and a panel's KC x MR stay in L1. */
    private static final int KC = 256;
    private static final int NR = MicroKernel.NR;
    private static final int MR = MicroKernel.MR;
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_256;
    private static final ThreadLocal<float[]> TILE = ThreadLocal.withInitial(() -> new float[MR * NR]);
    private static final ThreadLocal<float[]> PACKED = ThreadLocal.withInitial(() -> new float[0]);
    /** A block's sums for an epilogue that only reads them ({@link Epilogue#readsOnly}). */
    private static final ThreadLocal<float[]> SUMS = ThreadLocal.withInitial(() -> new float[0]);

    private DirectGemm() {
    }

    /**
     * C = A B + bias[channel0 + i] for the m rows of A ({@code a}: panels), then the epilogue
     * (null for none) on each finished span of a row of C, row i being channel channel0 + i.
     * Few rows over a deep K on a float B go to {@link ChannelGemm} (the same bits).
     */
    static void multiply(float[] a, int m, Operand b, float[] bias, int channel0, Output c, ForkJoinPool pool,
                         Epilogue epilogue) {
        if (b.codes == null && b.tiles == null && ChannelGemm.fits(m, b.rows.length)) {
            ChannelGemm.multiply(a, m, b, bias, channel0, c, pool, epilogue);
            return;
        }
        packed(a, m, b, bias, channel0, c, pool, epilogue);
    }

    /** {@link #multiply} on packed slices of B, whatever the shape. */
    static void packed(float[] a, int m, Operand b, float[] bias, int channel0, Output c, ForkJoinPool pool,
                       Epilogue epilogue) {
        int n = b.positions / b.pitch * c.width;
        int tiles = (n + NR - 1) / NR;
        int rowPanels = (m + MR - 1) / MR;
        // few columns and several threads: narrower blocks, then groups of row panels (each
        // packing the block's B again), so every thread has work; one thread takes whole blocks
        int tasks = pool == null ? 1 : TASKS_PER_THREAD * (pool.getParallelism() + 1);
        int blockTiles = Math.max(1, Math.min(BLOCK / NR, (tiles + tasks - 1) / tasks));
        int blocks = (tiles + blockTiles - 1) / blockTiles;
        int rowGroups = Math.min(rowPanels, Math.max(1, tasks / blocks));
        int panelsPerGroup = (rowPanels + rowGroups - 1) / rowGroups;
        int groups = (rowPanels + panelsPerGroup - 1) / panelsPerGroup;
        float[] rowBias = new float[rowPanels * MR];
        for (int i = 0; bias != null && i < m; i++) {
            rowBias[i] = bias[channel0 + i];
        }
        float[] zeros = new float[rowPanels * MR];
        boolean scratch = epilogue != null && epilogue.readsOnly();
        int scratchWidth = blockTiles * NR;
        Parallel.forEach(pool, blocks * groups, task -> {
            int j0 = (task / groups) * blockTiles * NR;
            int j1 = Math.min(n, j0 + blockTiles * NR);
            int panel0 = (task % groups) * panelsPerGroup;
            int panel1 = Math.min(rowPanels, panel0 + panelsPerGroup);
            int row1 = Math.min(m, panel1 * MR);
            if (scratch) {
                // the block's sums in this thread's scratch (rows from panel0 * MR, columns from j0):
                // the epilogue reads them there, the float output is never written to memory
                float[] sums = scratch(SUMS, (panel1 - panel0) * MR * scratchWidth);
                Output s = new Output(sums, -panel0 * MR * scratchWidth - j0, scratchWidth, c.width);
                packedBlock(a, m, b, j0, j1, panel0, panel1, rowBias, zeros, s);
                for (int row = panel0 * MR; row < row1; row++) {
                    epilogue.apply(sums, (row - panel0 * MR) * scratchWidth, j1 - j0, channel0 + row,
                            c.base + row * c.ldc + j0);
                }
                return;
            }
            packedBlock(a, m, b, j0, j1, panel0, panel1, rowBias, zeros, c);
            if (epilogue != null) {
                for (int row = panel0 * MR; row < row1; row++) {
                    epilogue.apply(c.data, c.base + row * c.ldc + j0, j1 - j0, channel0 + row);
                }
            }
        });
    }

    /**
     * Columns j0..j1 of rows panel0..panel1 of C: B packed {@link #KC} steps of K at a time into
     * tiles of KC x 16 floats (or read where a packed operand holds them), then every row panel
     * on each tile in turn (the tile stays in L1 while A's panels stream past); C holds the
     * running sums between steps of KC.
     */
    private static void packedBlock(float[] a, int m, Operand b, int j0, int j1, int panel0, int panel1,
                                    float[] rowBias, float[] zeros, Output c) {
        int k = b.rows.length;
        int tiles = (j1 - j0 + NR - 1) / NR;
        float[] packed = b.tiles != null ? b.tiles : scratch(PACKED, Math.min(KC, k) * tiles * NR);
        float[] tile = TILE.get();
        int whole = Math.max(panel0, Math.min(panel1, m / MR));
        for (int k0 = 0; k0 < k; k0 += KC) {
            int kb = Math.min(KC, k - k0);
            // the block's tiles of this slice start here in packed (a whole packed B: at column j0)
            int from = 0;
            if (b.tiles == null) {
                pack(b, k0, kb, j0, j1, c.width, packed, 0);
            } else {
                from = tilesAt(k0, b.positions) + j0 * kb;
            }
            boolean more = k0 > 0;
            float[] bs = k0 + kb == k ? rowBias : zeros;
            for (int i = 0; i < tiles; i++) {
                int j = j0 + i * NR;
                int cols = Math.min(NR, j1 - j);
                int first = panel0;
                if (cols == NR && whole > panel0) {
                    MicroKernel.tileColumn(a, panel0 * MR * k + k0 * MR, MR * k, whole - panel0, packed,
                            from + i * kb * NR, kb, more, c.data, c.base + panel0 * MR * c.ldc + j, c.ldc, bs,
                            panel0 * MR);
                    first = whole;
                }
                for (int rp = first; rp < panel1; rp++) {
                    int row0 = rp * MR;
                    MicroKernel.edge(a, row0 * k + k0 * MR, packed, from + i * kb * NR, kb, c.data,
                            c.base + row0 * c.ldc + j, c.ldc, Math.min(MR, m - row0), cols, more, bs, row0, tile);
                }
            }
        }
    }

    /**
     * A row-major K x N matrix at {@code b[base]} packed whole, as the products pack a block of
     * it: slice by slice of {@link #KC} steps, each slice's tiles of kb x 16 floats in column
     * order (zeros past N), the slice from k0 at {@link #tilesAt}. For a constant B (a MatMul's
     * weights), packed once instead of on every run.
     */
    static float[] pack(float[] b, int base, int k, int n) {
        Operand matrix = Operand.matrix(b, base, k, n);
        float[] tiles = new float[tilesAt(k, n)];
        for (int k0 = 0; k0 < k; k0 += KC) {
            pack(matrix, k0, Math.min(KC, k - k0), 0, n, n, tiles, tilesAt(k0, n));
        }
        return tiles;
    }

    /** Where the slice of a packed N-column matrix from step k0 starts (k0 a multiple of KC, or K). */
    private static int tilesAt(int k0, int n) {
        return k0 * ((n + NR - 1) / NR) * NR;
    }

    /**
     * Rows k0..k0+kb of B at C columns j0..j1 as tiles of kb x 16 floats from packed[d0] (zeros
     * past j1); C column j is position {@code (j / width) * pitch + j % width} of B, so the
     * positions past an output row are left out here.
     */
    private static void pack(Operand b, int k0, int kb, int j0, int j1, int width, float[] packed, int d0) {
        int pitch = b.pitch;
        for (int j = j0, d = d0; j < j1; j += NR, d += kb * NR) {
            int cols = Math.min(NR, j1 - j);
            int x = j % width;
            int at = b.base + j / width * pitch + x;
            if (cols == NR && x + NR <= width) {
                for (int t = 0; t < kb; t++) {
                    copy16(b, at + b.rows[k0 + t], packed, d + t * NR);
                }
            } else {
                for (int t = 0; t < kb; t++) {
                    packSplit(b, b.base + b.rows[k0 + t], j, cols, width, pitch, packed, d + t * NR);
                }
            }
        }
    }

    /** Sixteen consecutive values of B from {@code src} (codes centered) into packed[dst..]. */
    private static void copy16(Operand b, int src, float[] packed, int dst) {
        if (b.codes == null) {
            FloatVector.fromArray(S, b.data, src).intoArray(packed, dst);
            FloatVector.fromArray(S, b.data, src + 8).intoArray(packed, dst + 8);
        } else {
            ByteCodes.centered8(b.codes, src, b.unsigned, b.zeroPoint, packed, dst);
            ByteCodes.centered8(b.codes, src + 8, b.unsigned, b.zeroPoint, packed, dst + 8);
        }
    }

    /** One step of a tile whose columns cross an output row end or stop short of 16: run by run. */
    private static void packSplit(Operand b, int src, int j, int cols, int width, int pitch, float[] packed,
                                  int dst) {
        for (int q = 0; q < cols; ) {
            int x = (j + q) % width;
            int run = Math.min(cols - q, width - x);
            int from = src + (j + q) / width * pitch + x;
            if (b.codes == null) {
                System.arraycopy(b.data, from, packed, dst + q, run);
            } else {
                ByteCodes.centered(b.codes, from, b.unsigned, b.zeroPoint, packed, dst + q, run);
            }
            q += run;
        }
        java.util.Arrays.fill(packed, dst + cols, dst + NR, 0f);
    }

    /** The thread's array of {@code local}, grown to at least {@code size} (the kernels' scratch). */
    static float[] scratch(ThreadLocal<float[]> local, int size) {
        float[] s = local.get();
        if (s.length < size) {
            s = new float[size];
            local.set(s);
        }
        return s;
    }
}
