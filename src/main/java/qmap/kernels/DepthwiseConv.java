package qmap.kernels;

import java.util.concurrent.ForkJoinPool;

/**
 * Depthwise 2-D convolution (one input channel per group, one map per channel): each output
 * row is the bias plus one scaled input row per kernel tap, added tap by tap in (ky, kx) order,
 * which C2 vectorizes for stride 1. Planes are the parallel tasks.
 */
final class DepthwiseConv {
    private DepthwiseConv() {
    }

    /**
     * {@code planes} = batch x channels planes of x (H x W) into y (OH x OW); weights per channel;
     * then the epilogue (null for none) on each finished plane.
     */
    static void run(float[] x, float[] w, float[] bias, float[] y, int planes, int channels, ConvShape s,
                    ForkJoinPool pool, Epilogue epilogue) {
        int perTask = Math.max(1, (1 << 16) / Math.max(1, s.oh * s.ow * s.taps()));
        Parallel.forEach(pool, (planes + perTask - 1) / perTask, task -> {
            for (int p = task * perTask; p < Math.min(planes, (task + 1) * perTask); p++) {
                plane(x, p * s.h * s.w, w, (p % channels) * s.taps(), bias == null ? 0f : bias[p % channels],
                        y, p * s.oh * s.ow, s);
                if (epilogue != null) {
                    epilogue.apply(y, p * s.oh * s.ow, s.oh * s.ow, p % channels);
                }
            }
        });
    }

    private static void plane(float[] x, int xOff, float[] w, int wOff, float bias, float[] y, int yOff, ConvShape s) {
        for (int oy = 0; oy < s.oh; oy++) {
            int row = yOff + oy * s.ow;
            for (int ox = 0; ox < s.ow; ox++) {
                y[row + ox] = bias;
            }
            for (int ky = 0; ky < s.kh; ky++) {
                int iy = oy * s.sh - s.padTop + ky * s.dh;
                if (iy < 0 || iy >= s.h) {
                    continue;
                }
                int xRow = xOff + iy * s.w;
                for (int kx = 0; kx < s.kw; kx++) {
                    float wv = w[wOff + ky * s.kw + kx];
                    int dx = kx * s.dw - s.padLeft;
                    // output columns whose input column ox * sw + dx lies inside the row
                    int lo = dx >= 0 ? 0 : (-dx + s.sw - 1) / s.sw;
                    int hi = Math.min(s.ow, (s.w - 1 - dx) / s.sw + 1);
                    if (s.w - 1 - dx < 0) {
                        continue;
                    }
                    if (s.sw == 1) {
                        int xi = xRow + dx;
                        for (int ox = lo; ox < hi; ox++) {
                            y[row + ox] += wv * x[xi + ox];
                        }
                    } else {
                        for (int ox = lo; ox < hi; ox++) {
                            y[row + ox] += wv * x[xRow + ox * s.sw + dx];
                        }
                    }
                }
            }
        }
    }
}
