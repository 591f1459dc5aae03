package qmap.kernels;

/**
 * Column panels of the im2col matrix of a 2-D convolution: row t = (channel, ky, kx) of the
 * window, column j = output position; entries under padding are zero. Reads one image's
 * channels {@code [c0, c0 + channels)}.
 */
final class Im2colPanels implements ColumnPanels {
    private final float[] x;
    private final int base;
    private final int channels;
    private final ConvShape s;

    /** Channels start at {@code x[base]}, each an H x W plane. */
    Im2colPanels(float[] x, int base, int channels, ConvShape s) {
        this.x = x;
        this.base = base;
        this.channels = channels;
        this.s = s;
    }

    @Override
    public void pack(int col0, int cols, float[] dst) {
        int nr = PackedGemm.NR;
        int taps = s.kh * s.kw;
        int k = channels * taps;
        int plane = s.h * s.w;
        int[] iy0 = new int[nr];
        int[] ix0 = new int[nr];
        for (int p = 0; p * nr < cols; p++) {
            int width = Math.min(nr, cols - p * nr);
            for (int j = 0; j < nr; j++) {
                int pos = col0 + p * nr + Math.min(j, width - 1);
                iy0[j] = (pos / s.ow) * s.sh - s.padTop;
                ix0[j] = (pos % s.ow) * s.sw - s.padLeft;
            }
            int d = p * k * nr;
            for (int c = 0; c < channels; c++) {
                int cBase = base + c * plane;
                for (int ky = 0; ky < s.kh; ky++) {
                    int dy = ky * s.dh;
                    for (int kx = 0; kx < s.kw; kx++, d += nr) {
                        int dx = kx * s.dw;
                        for (int j = 0; j < width; j++) {
                            int iy = iy0[j] + dy;
                            int ix = ix0[j] + dx;
                            dst[d + j] = iy >= 0 && iy < s.h && ix >= 0 && ix < s.w ? x[cBase + iy * s.w + ix] : 0f;
                        }
                        for (int j = width; j < nr; j++) {
                            dst[d + j] = 0f;
                        }
                    }
                }
            }
        }
    }
}
