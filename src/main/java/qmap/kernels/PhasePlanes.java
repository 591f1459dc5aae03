package qmap.kernels;

import java.util.Arrays;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorShuffle;
import jdk.incubator.vector.VectorSpecies;
import qmap.ops.Workspace;

/**
 * The input of one image and group of a convolution as {@link DirectConv} reads it: per stride
 * phase (py, px) and channel, the padded plane of the input rows {@code r * sh + py} and
 * columns {@code c * sw + px} (zero outside the input), {@link #pitch} columns wide. The window
 * tap (ci, ky, kx) of the output at position {@code oy * pitch + ox} is then
 * {@code data[base + rows[tap] + oy * pitch + ox]}: consecutive outputs of a row read
 * consecutive floats, whatever the stride and dilation. A 1x1 window at stride 1 without padding
 * is the input itself.
 */
final class PhasePlanes {
    private static final ThreadLocal<float[]> ROW = ThreadLocal.withInitial(() -> new float[0]);
    private static final VectorSpecies<Float> F = FloatVector.SPECIES_256;
    private static final int L = F.length();
    /** Lanes 0, 2, 4, 6 to the low half (the high half is the other vector's). */
    private static final VectorShuffle<Float> LOW_EVENS = VectorShuffle.fromOp(F, i -> 2 * i % L);
    /** Lanes 0, 2, 4, 6 to the high half. */
    private static final VectorShuffle<Float> HIGH_EVENS = VectorShuffle.fromOp(F, i -> 2 * (i - L / 2) & (L - 1));
    private static final VectorMask<Float> HIGH_HALF = VectorMask.fromLong(F, 0xF0);

    private PhasePlanes() {
    }

    /**
     * {@code channels} planes of x (H x W each) from {@code x[xBase]}, laid out for window s as
     * the B of a {@link DirectGemm} product (row per tap, OH x pitch positions).
     */
    static DirectGemm.Operand of(float[] x, int xBase, int channels, ConvShape s, Workspace workspace) {
        if (s.pointwise()) {
            return DirectGemm.Operand.matrix(x, xBase, channels, s.h * s.w);
        }
        return of(Source.of(x), xBase, channels, s, workspace);
    }

    /**
     * Where the planes' values come from: float32 values, or 8-bit codes minus their zero point
     * (the integer runtime's exact sums on the float kernel), converted while they are copied so
     * no centered float copy of the whole input is made first.
     */
    interface Source {
        /** dst[d + i] = value at x[src + i * step] for i in [0, n). */
        void copy(int src, int step, float[] dst, int d, int n);

        static Source of(float[] x) {
            return (src, step, dst, d, n) -> {
                if (step == 1) {
                    System.arraycopy(x, src, dst, d, n);
                } else if (step == 2) {
                    evens(x, src, dst, d, n);
                } else {
                    for (int i = 0; i < n; i++, src += step) {
                        dst[d + i] = x[src];
                    }
                }
            };
        }

        /**
         * Codes read as uint8 when {@code unsigned}, else int8, minus {@code zeroPoint}; runs of
         * consecutive codes eight lanes at a time (a scalar byte-to-float loop costs as much as
         * the 3 x 3 convolution's whole packing).
         */
        static Source ofCodes(byte[] x, boolean unsigned, int zeroPoint) {
            return (src, step, dst, d, n) -> {
                if (step == 1) {
                    ByteCodes.centered(x, src, unsigned, zeroPoint, dst, d, n);
                    return;
                }
                if (step == 2) {
                    ByteCodes.centeredEven(x, src, unsigned, zeroPoint, dst, d, n);
                    return;
                }
                // strided (a stride-2 window's phase): the span converted into a scratch row, then picked
                int span = n == 0 ? 0 : (n - 1) * step + 1;
                float[] row = ROW.get();
                if (row.length < span) {
                    row = new float[span];
                    ROW.set(row);
                }
                ByteCodes.centered(x, src, unsigned, zeroPoint, row, 0, span);
                for (int i = 0; i < n; i++) {
                    dst[d + i] = row[i * step];
                }
            };
        }
    }

    /**
     * {@code dst[d + i] = x[src + 2 * i]} for i in [0, n), eight at a time: two vectors read,
     * their even lanes shuffled into one (a stride-2 phase of a row). On det's 32 planes of
     * 320 x 320, both phases of each row: 1.2 ms against 1.4-2.1 ms for the scalar strided copy;
     * memory bounds both there.
     */
    static void evens(float[] x, int src, float[] dst, int d, int n) {
        int i = 0;
        // the vectors at i read x up to src + 2 * i + 15, which must lie inside x
        for (int last = Math.min(n, (x.length - src - 16) / 2 + 1); i <= last - L; i += L) {
            FloatVector lo = FloatVector.fromArray(F, x, src + 2 * i);
            FloatVector hi = FloatVector.fromArray(F, x, src + 2 * i + L);
            lo.rearrange(LOW_EVENS).blend(hi.rearrange(HIGH_EVENS), HIGH_HALF).intoArray(dst, d + i);
        }
        for (; i < n; i++) {
            dst[d + i] = x[src + 2 * i];
        }
    }

    /** As {@link #of(float[], int, int, ConvShape, Workspace)} from any source, as padded planes always. */
    static DirectGemm.Operand of(Source x, int xBase, int channels, ConvShape s, Workspace workspace) {
        int qy = (s.kh - 1) * s.dh / s.sh;
        int qx = (s.kw - 1) * s.dw / s.sw;
        int hp = s.oh + qy;
        int wp = s.ow + qx;
        int plane = hp * wp;
        int phases = s.sh * s.sw;
        float[] data = workspace.floats(phases * channels * plane + wp + MicroKernel.NR);
        Parallel.forEach(workspace.pool(), channels, c -> {
            for (int py = 0; py < s.sh; py++) {
                for (int px = 0; px < s.sw; px++) {
                    fill(x, xBase + c * s.h * s.w, data, ((py * s.sw + px) * channels + c) * plane, hp, wp, py, px, s);
                }
            }
        });
        Arrays.fill(data, phases * channels * plane, data.length, 0f);
        int[] rows = new int[channels * s.taps()];
        for (int c = 0, t = 0; c < channels; c++) {
            for (int ky = 0; ky < s.kh; ky++) {
                for (int kx = 0; kx < s.kw; kx++, t++) {
                    int phase = (ky * s.dh % s.sh) * s.sw + kx * s.dw % s.sw;
                    rows[t] = (phase * channels + c) * plane + (ky * s.dh / s.sh) * wp + kx * s.dw / s.sw;
                }
            }
        }
        return new DirectGemm.Operand(data, 0, rows, s.oh * wp, wp);
    }

    /** One phase plane: row r, column c hold input (r * sh + py - padTop, c * sw + px - padLeft), or 0. */
    static void fill(Source x, int xBase, float[] dst, int d, int hp, int wp, int py, int px, ConvShape s) {
        fill(x, xBase, dst, d, hp, wp, py, px, s, true);
    }

    /**
     * {@link #fill}, or with {@code zeros} false only the positions that hold input: the padding
     * positions are the same for every plane of a window, so a plane over one filled before
     * already holds their zeros.
     */
    static void fill(Source x, int xBase, float[] dst, int d, int hp, int wp, int py, int px, ConvShape s,
                     boolean zeros) {
        // input columns c * sw + px - padLeft inside [0, W): c in [c0, c1)
        int c0 = Math.min(wp, Math.max(0, ceilDiv(s.padLeft - px, s.sw)));
        int c1 = Math.max(c0, Math.min(wp, ceilDiv(s.w + s.padLeft - px, s.sw)));
        for (int r = 0; r < hp; r++, d += wp) {
            int iy = r * s.sh + py - s.padTop;
            if (iy < 0 || iy >= s.h || c0 == c1) {
                if (zeros) {
                    Arrays.fill(dst, d, d + wp, 0f);
                }
                continue;
            }
            if (zeros) {
                Arrays.fill(dst, d, d + c0, 0f);
                Arrays.fill(dst, d + c1, d + wp, 0f);
            }
            x.copy(xBase + iy * s.w + c0 * s.sw + px - s.padLeft, s.sw, dst, d + c0, c1 - c0);
        }
    }

    private static int ceilDiv(int a, int b) {
        return Math.floorDiv(a + b - 1, b);
    }
}
