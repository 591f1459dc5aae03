package qmap.kernels;

/**
 * Column panels of the im2col matrix of a 2-D convolution: row t = (channel, ky, kx) of the
 * window, column j = output position; entries under padding are zero. Reads one image's
 * channels starting at {@code x[base]}, each an H x W plane. A panel whose positions lie in one
 * output row reads runs of the input row (a plain copy at stride 1).
 */
final class Im2colPanels implements ColumnPanels {
    private final float[] x;
    private final int base;
    private final ConvShape s;

    Im2colPanels(float[] x, int base, ConvShape s) {
        this.x = x;
        this.base = base;
        this.s = s;
    }

    @Override
    public void pack(int row0, int rows, int col0, int cols, float[] dst) {
        int nr = PackedGemm.NR;
        int[] iy0 = new int[nr];
        int[] ix0 = new int[nr];
        for (int p = 0; p * nr < cols; p++) {
            int first = col0 + p * nr;
            int width = Math.min(nr, cols - p * nr);
            int d = p * rows * nr;
            if (first / s.ow == (first + width - 1) / s.ow) {
                oneOutputRow(row0, rows, first, width, dst, d);
                continue;
            }
            for (int j = 0; j < width; j++) {
                iy0[j] = ((first + j) / s.ow) * s.sh - s.padTop;
                ix0[j] = ((first + j) % s.ow) * s.sw - s.padLeft;
            }
            for (int t = row0; t < row0 + rows; t++, d += nr) {
                int c = t / s.taps();
                int ky = (t % s.taps()) / s.kw;
                int kx = t % s.kw;
                int plane = base + c * s.h * s.w;
                for (int j = 0; j < width; j++) {
                    int iy = iy0[j] + ky * s.dh;
                    int ix = ix0[j] + kx * s.dw;
                    dst[d + j] = iy >= 0 && iy < s.h && ix >= 0 && ix < s.w ? x[plane + iy * s.w + ix] : 0f;
                }
                for (int j = width; j < nr; j++) {
                    dst[d + j] = 0f;
                }
            }
        }
    }

    /** A panel of positions {@code first..first+width-1}, all in output row first / OW. */
    private void oneOutputRow(int row0, int rows, int first, int width, float[] dst, int d) {
        int nr = PackedGemm.NR;
        int oy = first / s.ow;
        int ox = first % s.ow;
        for (int t = row0; t < row0 + rows; t++, d += nr) {
            int c = t / s.taps();
            int ky = (t % s.taps()) / s.kw;
            int kx = t % s.kw;
            int iy = oy * s.sh - s.padTop + ky * s.dh;
            int ix = ox * s.sw - s.padLeft + kx * s.dw;
            int last = ix + (width - 1) * s.sw;
            int src = base + (c * s.h + iy) * s.w + ix;
            if (iy < 0 || iy >= s.h) {
                for (int j = 0; j < nr; j++) {
                    dst[d + j] = 0f;
                }
                continue;
            }
            if (ix >= 0 && last < s.w) {
                if (s.sw == 1) {
                    System.arraycopy(x, src, dst, d, width);
                } else {
                    for (int j = 0; j < width; j++) {
                        dst[d + j] = x[src + j * s.sw];
                    }
                }
            } else {
                for (int j = 0; j < width; j++) {
                    int xi = ix + j * s.sw;
                    dst[d + j] = xi >= 0 && xi < s.w ? x[src + j * s.sw] : 0f;
                }
            }
            for (int j = width; j < nr; j++) {
                dst[d + j] = 0f;
            }
        }
    }
}
