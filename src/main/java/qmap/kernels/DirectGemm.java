package qmap.kernels;

import java.util.concurrent.ForkJoinPool;

/**
 * C = A B (+ a bias per row of C) with A in {@link MicroKernel} row panels and B read where it
 * lies: row t of B at column j is {@code b.data[b.base + b.rows[t] + j]}, so a matrix, an
 * image's channels or a convolution's padded phase planes ({@link PhasePlanes}) serve without
 * packing. Columns are positions {@code oy * pitch + ox}; those with {@code ox >= width} (past
 * an output row) are computed and dropped, the others land at C column {@code oy * width + ox}.
 * Work is split by blocks of columns and groups of row panels; every element of C is one
 * multiply-add chain over t = 0..K-1 in order plus the bias, so results do not depend on the
 * split or the thread count.
 */
final class DirectGemm {
    /** B: row t at {@code data[base + rows[t]]}, {@code positions} columns in rows of {@code pitch}. */
    record Operand(float[] data, int base, int[] rows, int positions, int pitch) {
        /** A row-major K x N matrix at {@code data[base]}. */
        static Operand matrix(float[] data, int base, int k, int n) {
            int[] rows = new int[k];
            for (int t = 0; t < k; t++) {
                rows[t] = t * n;
            }
            return new Operand(data, base, rows, n, n);
        }
    }

    /** C: row i at {@code data[base + i * ldc]}, {@code width} of every {@code pitch} positions kept. */
    record Output(float[] data, int base, int ldc, int width) {
    }

    /** Columns per task: a block's part of B stays in L2 across the row panels. */
    private static final int BLOCK = 256;
    private static final int NR = MicroKernel.NR;
    private static final int MR = MicroKernel.MR;
    private static final ThreadLocal<float[]> TILE = ThreadLocal.withInitial(() -> new float[MR * NR]);
    private static final ThreadLocal<float[]> ACC = ThreadLocal.withInitial(() -> new float[0]);
    private static final ThreadLocal<float[]> TAIL = ThreadLocal.withInitial(() -> new float[0]);
    private static final ThreadLocal<float[]> PACKED = ThreadLocal.withInitial(() -> new float[0]);
    /** Depth of one packed block of B: a tile's kb x 16 floats (16 KB) stay in L1. */
    private static final int KC = 256;
    private static final int[] PACKED_ROWS = packedRows(KC);
    /**
     * From this many row panels on, B is packed: the copy is shared by the panels, which then
     * read it in order instead of K rows far apart.
     */
    private static final int PACK_PANELS = 4;
    /** Steps of K per chunk of an unpacked tile: the chunk's rows of B (16 floats each) stay in L1. */
    private static final int KD = 144;

    private DirectGemm() {
    }

    /**
     * C = A B + bias[channel0 + i] for the m rows of A ({@code a}: panels), then the epilogue
     * (null for none) on each finished span of a row of C, row i being channel channel0 + i.
     */
    static void multiply(float[] a, int m, Operand b, float[] bias, int channel0, Output c, ForkJoinPool pool,
                         Epilogue epilogue) {
        int blocks = (b.positions + BLOCK - 1) / BLOCK;
        int rowPanels = (m + MR - 1) / MR;
        // with few blocks, row panels split too, so every thread has work
        int rowGroups = Math.min(rowPanels, Math.max(1, 8 / blocks));
        int panelsPerGroup = (rowPanels + rowGroups - 1) / rowGroups;
        int groups = (rowPanels + panelsPerGroup - 1) / panelsPerGroup;
        int k = b.rows.length;
        boolean packB = rowPanels >= PACK_PANELS && b.pitch == c.width;
        Parallel.forEach(pool, blocks * groups, task -> {
            int p0 = (task / groups) * BLOCK;
            int p1 = Math.min(b.positions, p0 + BLOCK);
            int panel0 = (task % groups) * panelsPerGroup;
            int panel1 = Math.min(rowPanels, panel0 + panelsPerGroup);
            if (packB) {
                packedBlock(a, m, k, b, p0, p1, panel0, panel1, bias, channel0, c);
            } else {
                for (int j0 = p0; j0 < p1; j0 += NR) {
                    directTile(a, m, k, b, j0, Math.min(NR, p1 - j0), panel0, panel1, bias, channel0, c);
                }
            }
            if (epilogue != null) {
                int from = column(p0, b.pitch, c.width);
                int to = column(p1, b.pitch, c.width);
                for (int row = panel0 * MR; row < Math.min(m, panel1 * MR); row++) {
                    epilogue.apply(c.data, c.base + row * c.ldc + from, to - from, channel0 + row);
                }
            }
        });
    }

    /**
     * Columns p0..p1 of rows panel0..panel1 of C with B packed a K block at a time (KC rows of
     * sixteen consecutive floats per tile), so the panels stream it from L1/L2 in order; C holds
     * the running sums between blocks. Only for B whose columns are C's (no positions dropped).
     */
    private static void packedBlock(float[] a, int m, int k, Operand b, int p0, int p1, int panel0, int panel1,
                                    float[] bias, int channel0, Output c) {
        int tiles = (p1 - p0 + NR - 1) / NR;
        float[] packed = scratch(PACKED, Math.min(KC, k) * tiles * NR);
        float[] tile = TILE.get();
        for (int k0 = 0; k0 < k; k0 += KC) {
            int kb = Math.min(KC, k - k0);
            pack(b, k0, kb, p0, p1, packed);
            boolean last = k0 + kb == k;
            for (int rp = panel0; rp < panel1; rp++) {
                int row0 = rp * MR;
                int rows = Math.min(MR, m - row0);
                // whole tiles of a whole panel in one call; the rest one by one through the tile buffer
                int whole = rows == MR ? (p1 - p0) / NR : 0;
                float[] bs = last ? bias : null;
                int bo = channel0 + row0;
                MicroKernel.packedRow(a, rp * MR * k + k0 * MR, packed, 0, kb, whole, k0 > 0, c.data,
                        c.base + row0 * c.ldc + p0, c.ldc, biasOf(bs, bo), biasOf(bs, bo + 1), biasOf(bs, bo + 2),
                        biasOf(bs, bo + 3), biasOf(bs, bo + 4), biasOf(bs, bo + 5));
                for (int i = whole; i < tiles; i++) {
                    int j0 = p0 + i * NR;
                    MicroKernel.run(a, rp * MR * k + k0 * MR, packed, i * kb * NR, PACKED_ROWS, kb, c.data,
                            c.base + row0 * c.ldc + j0, c.ldc, rows, Math.min(NR, p1 - j0), k0 > 0, bs, bo, tile);
                }
            }
        }
    }

    /** Rows k0..k0+kb of B at columns p0..p1 as tiles of kb x 16 floats (zeros past p1 or the array's end). */
    private static void pack(Operand b, int k0, int kb, int p0, int p1, float[] packed) {
        for (int t = 0; t < kb; t++) {
            int src = b.base + b.rows[k0 + t];
            for (int j0 = p0, d = t * NR; j0 < p1; j0 += NR, d += kb * NR) {
                int n = Math.max(0, Math.min(Math.min(NR, p1 - j0), b.data.length - (src + j0)));
                System.arraycopy(b.data, src + j0, packed, d, n);
                if (n < NR) {
                    java.util.Arrays.fill(packed, d + n, d + NR, 0f);
                }
            }
        }
    }

    private static float[] scratch(ThreadLocal<float[]> local, int size) {
        float[] s = local.get();
        if (s.length < size) {
            s = new float[size];
            local.set(s);
        }
        return s;
    }

    /**
     * Positions j0..j0+width-1 of rows panel0..panel1 of C, reading B where it lies: for each
     * chunk of {@link #KD} steps of K every panel in turn (the chunk of B, a few KB, stays in L1),
     * the running sums in {@code acc} between chunks; then the sums (plus the bias) go to C, the
     * positions past an output row dropped.
     */
    private static void directTile(float[] a, int m, int k, Operand b, int j0, int width, int panel0, int panel1,
                                   float[] bias, int channel0, Output c) {
        float[] data = b.data;
        int base = b.base + j0;
        int[] bRows = b.rows;
        if (base + bRows[k - 1] + NR > data.length) {
            data = tail(b, j0, width);
            base = 0;
            bRows = packedRows(k);
        }
        float[] acc = scratch(ACC, (panel1 - panel0) * MR * NR);
        for (int k0 = 0; k0 < k; k0 += KD) {
            int kb = Math.min(KD, k - k0);
            boolean first = k0 == 0;
            boolean last = k0 + kb == k;
            for (int rp = panel0; rp < panel1; rp++) {
                int row0 = rp * MR;
                int o = (rp - panel0) * MR * NR;
                float[] bs = last ? bias : null;
                int bo = channel0 + row0;
                MicroKernel.kernel(a, rp * MR * k + k0 * MR, data, base, bRows, k0, kb, first ? MicroKernel.ZEROS : acc,
                        first ? 0 : o, NR, acc, o, NR, biasOf(bs, bo), biasOf(bs, bo + 1), biasOf(bs, bo + 2),
                        biasOf(bs, bo + 3), biasOf(bs, bo + 4), biasOf(bs, bo + 5));
            }
        }
        for (int rp = panel0; rp < panel1; rp++) {
            int row0 = rp * MR;
            int rows = Math.min(MR, m - row0);
            store(acc, (rp - panel0) * MR * NR, rows, b.pitch, j0, width, c, c.base + row0 * c.ldc);
        }
    }

    /** Rows of a 16-wide tile of sums (positions j0..j0+width-1) into C: runs of one output row each. */
    private static void store(float[] acc, int from, int rows, int pitch, int j0, int width, Output c, int cRow0) {
        for (int j = j0; j < j0 + width; ) {
            int x0 = j % pitch;
            int run = Math.min(j0 + width - j, pitch - x0);
            int keep = Math.min(run, c.width - x0);
            int at = cRow0 + (j / pitch) * c.width + x0;
            for (int r = 0; keep > 0 && r < rows; r++) {
                System.arraycopy(acc, from + r * NR + (j - j0), c.data, at + r * c.ldc, keep);
            }
            j += run;
        }
    }

    /** The bias of row i: 0 without a bias and for rows past it (a panel's padding). */
    private static float biasOf(float[] bias, int i) {
        return bias != null && i < bias.length ? bias[i] : 0f;
    }

    /** B's rows for a tile whose reads would pass the end of the array, copied into 16-float rows (zeros after). */
    private static float[] tail(Operand b, int j0, int width) {
        int k = b.rows.length;
        float[] p = scratch(TAIL, k * NR);
        for (int t = 0; t < k; t++) {
            int from = b.base + b.rows[t] + j0;
            int n = Math.max(0, Math.min(width, b.data.length - from));
            System.arraycopy(b.data, from, p, t * NR, n);
            java.util.Arrays.fill(p, t * NR + n, (t + 1) * NR, 0f);
        }
        return p;
    }

    private static int[] packedRows(int k) {
        int[] rows = new int[k];
        for (int t = 0; t < k; t++) {
            rows[t] = t * NR;
        }
        return rows;
    }

    /** The C column of the first kept position at or after p. */
    private static int column(int p, int pitch, int width) {
        return (p / pitch) * width + Math.min(p % pitch, width);
    }
}
