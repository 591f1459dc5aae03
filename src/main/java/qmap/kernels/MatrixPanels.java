package qmap.kernels;

/** Column panels of a row-major K x N matrix stored at {@code b[offset + t * N + j]}. */
final class MatrixPanels implements ColumnPanels {
    private final float[] b;
    private final int offset;
    private final int k;
    private final int n;

    MatrixPanels(float[] b, int offset, int k, int n) {
        this.b = b;
        this.offset = offset;
        this.k = k;
        this.n = n;
    }

    @Override
    public void pack(int col0, int cols, float[] dst) {
        int nr = PackedGemm.NR;
        for (int p = 0; p * nr < cols; p++) {
            int j0 = col0 + p * nr;
            int width = Math.min(nr, cols - p * nr);
            int d = p * k * nr;
            int s = offset + j0;
            for (int t = 0; t < k; t++, d += nr, s += n) {
                System.arraycopy(b, s, dst, d, width);
                for (int j = width; j < nr; j++) {
                    dst[d + j] = 0;
                }
            }
        }
    }
}
