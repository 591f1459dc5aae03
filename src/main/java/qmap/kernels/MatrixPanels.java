package qmap.kernels;

/** Column panels of a row-major K x N matrix stored at {@code b[offset + t * N + j]}. */
final class MatrixPanels implements ColumnPanels {
    private final float[] b;
    private final int offset;
    private final int n;

    MatrixPanels(float[] b, int offset, int n) {
        this.b = b;
        this.offset = offset;
        this.n = n;
    }

    @Override
    public void pack(int row0, int rows, int col0, int cols, float[] dst) {
        int nr = PackedGemm.NR;
        for (int p = 0; p * nr < cols; p++) {
            int width = Math.min(nr, cols - p * nr);
            int d = p * rows * nr;
            int s = offset + row0 * n + col0 + p * nr;
            for (int t = 0; t < rows; t++, d += nr, s += n) {
                System.arraycopy(b, s, dst, d, width);
                for (int j = width; j < nr; j++) {
                    dst[d + j] = 0;
                }
            }
        }
    }
}
