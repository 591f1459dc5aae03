package qmap.kernels;

import java.util.concurrent.ForkJoinPool;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * Depthwise 2-D convolution (one input channel per group, one map per channel). Each plane is
 * first laid out as padded phase planes ({@link PhasePlanes#fill}), so every window tap of
 * sixteen consecutive outputs is sixteen consecutive floats; each output is then the bias plus
 * one fused multiply-add per tap in (ky, kx) order, in registers. Planes are the parallel tasks.
 */
final class DepthwiseConv {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_256;
    private static final int NR = 16;
    /** Outputs per epilogue call: enough to amortize it, few enough to stay in L1. */
    private static final int EPILOGUE_SPAN = 4096;
    private static final ThreadLocal<float[]> SCRATCH = ThreadLocal.withInitial(() -> new float[0]);
    /**
     * The scratch array and the window (this call's ConvShape) whose zeros it holds, set by the
     * thread's first plane of a call: its next planes copy only the input positions (for rec's
     * 240 x 12 x 80 5 x 5 planes, filling them took a sixth of the conv; 480 x 6 x 80 5 x 5 went
     * from 0.37 to 0.33 ms).
     */
    private static final ThreadLocal<Object[]> ZEROED = ThreadLocal.withInitial(() -> new Object[2]);
    private static final ThreadLocal<float[]> TAIL = ThreadLocal.withInitial(() -> new float[NR]);
    /** A span's outputs at every position of its padded rows (narrow rows, see run). */
    private static final ThreadLocal<float[]> FLAT = ThreadLocal.withInitial(() -> new float[0]);
    /** A span of output rows for an epilogue that only reads them. */
    private static final ThreadLocal<float[]> SPAN = ThreadLocal.withInitial(() -> new float[0]);

    private DepthwiseConv() {
    }

    /**
     * {@code planes} = batch x channels planes of the input (H x W, values from {@code x}) into y
     * (OH x OW); weights per channel; then the epilogue (null for none) on each finished span of
     * rows. An epilogue that only reads its span ({@link Epilogue#readsOnly}) gets the rows in a
     * scratch span and y is not written.
     */
    static void run(PhasePlanes.Source x, float[] w, float[] bias, float[] y, int planes, int channels,
                    ConvShape s, ForkJoinPool pool, Epilogue epilogue) {
        int qy = (s.kh - 1) * s.dh / s.sh;
        int qx = (s.kw - 1) * s.dw / s.sw;
        int hp = s.oh + qy;
        int wp = s.ow + qx;
        int phasePlane = hp * wp;
        int taps = s.taps();
        int[] rows = new int[taps];
        for (int ky = 0, t = 0; ky < s.kh; ky++) {
            for (int kx = 0; kx < s.kw; kx++, t++) {
                int phase = (ky * s.dh % s.sh) * s.sw + kx * s.dw % s.sw;
                rows[t] = phase * phasePlane + (ky * s.dh / s.sh) * wp + kx * s.dw / s.sw;
            }
        }
        // slack past the planes: the last four chunks read up to 63 positions past the last row
        int size = s.sh * s.sw * phasePlane + wp + 4 * NR;
        // narrow rows that end in one to three lone chunks (whose two chains wait on the FMA
        // latency) run as one run of positions across rows instead, at the cost of a copy out:
        // measured per plane set, det's 96 x 40 x 40 3x3 0.42 -> 0.24 ms, while det's 32 x 320 x
        // 320 3x3 (no lone chunks) went from 4.4 to 5.4 ms; rows of five or ten chunks (80, 160
        // wide) run in passes of five chunks instead, for rec's 240 x 12 x 80 5x5 as fast as a
        // run (0.34 ms) without the copy
        boolean runs = s.ow % (4 * NR) != 0 && s.ow % (5 * NR) != 0 && s.ow < 8 * NR;
        int rowsPerSpan = Math.max(1, EPILOGUE_SPAN / Math.max(1, s.ow));
        boolean readsOnly = epilogue != null && epilogue.readsOnly();
        Parallel.forEach(pool, planes, p -> {
            int c = p % channels;
            float[] src = DirectGemm.scratch(SCRATCH, size);
            // the padding and the slack are zero from this thread's last plane of this window on
            Object[] last = ZEROED.get();
            boolean zeros = last[0] != src || last[1] != s;
            for (int py = 0; py < s.sh; py++) {
                for (int px = 0; px < s.sw; px++) {
                    PhasePlanes.fill(x, p * s.h * s.w, src, (py * s.sw + px) * phasePlane, hp, wp, py, px, s, zeros);
                }
            }
            if (zeros) {
                java.util.Arrays.fill(src, s.sh * s.sw * phasePlane, size, 0f);
                last[0] = src;
                last[1] = s;
            }
            float b = bias == null ? 0f : bias[c];
            int yBase = p * s.oh * s.ow;
            float[] span = readsOnly ? DirectGemm.scratch(SPAN, rowsPerSpan * s.ow) : null;
            float[] flat = runs ? DirectGemm.scratch(FLAT, quads(rowsPerSpan * wp) * 4 * NR) : null;
            for (int oy0 = 0; oy0 < s.oh; oy0 += rowsPerSpan) {
                int oy1 = Math.min(s.oh, oy0 + rowsPerSpan);
                if (runs) {
                    // the span's rows as one run of positions oy * wp + ox, four chunks at a time;
                    // the positions past each row (ox >= OW) and past the span are computed and dropped
                    chunks(src, oy0 * wp, rows, w, c * taps, b, flat, 0, quads((oy1 - oy0) * wp) * 4);
                    float[] out = readsOnly ? span : y;
                    int o = readsOnly ? 0 : yBase + oy0 * s.ow;
                    for (int oy = oy0; oy < oy1; oy++) {
                        System.arraycopy(flat, (oy - oy0) * wp, out, o + (oy - oy0) * s.ow, s.ow);
                    }
                    if (readsOnly) {
                        epilogue.apply(span, 0, (oy1 - oy0) * s.ow, c, yBase + oy0 * s.ow);
                    } else if (epilogue != null) {
                        epilogue.apply(y, yBase + oy0 * s.ow, (oy1 - oy0) * s.ow, c);
                    }
                    continue;
                }
                if (readsOnly) {
                    for (int oy = oy0; oy < oy1; oy++) {
                        row(src, oy * wp, rows, w, c * taps, b, span, (oy - oy0) * s.ow, s.ow);
                    }
                    epilogue.apply(span, 0, (oy1 - oy0) * s.ow, c, yBase + oy0 * s.ow);
                    continue;
                }
                for (int oy = oy0; oy < oy1; oy++) {
                    row(src, oy * wp, rows, w, c * taps, b, y, yBase + oy * s.ow, s.ow);
                }
                if (epilogue != null) {
                    epilogue.apply(y, yBase + oy0 * s.ow, (oy1 - oy0) * s.ow, c);
                }
            }
        });
    }

    /** One output row: y[yOff + ox] = b + sum_t w[wOff + t] * src[at + rows[t] + ox], taps in order. */
    private static void row(float[] src, int at, int[] rows, float[] w, int wOff, float b, float[] y, int yOff,
                            int width) {
        int whole = width / NR;
        chunks(src, at, rows, w, wOff, b, y, yOff, whole);
        int rest = width - whole * NR;
        if (rest > 0) {
            // the last outputs through a full chunk (the planes have slack to read past the row)
            float[] tail = TAIL.get();
            chunks(src, at + whole * NR, rows, w, wOff, b, tail, 0, 1);
            System.arraycopy(tail, 0, y, yOff + whole * NR, rest);
        }
    }

    /**
     * {@code count} chunks of 16 outputs into y from yOff: the bias plus one fused multiply-add
     * per tap, in registers. Four chunks at a time where they fit: eight independent chains per
     * tap instead of two, so the multiply-adds overlap instead of waiting on each other's
     * latency, and each tap's weight is broadcast once for 64 outputs; five at a time when the
     * count is a multiple of five but not of four (a row of 160: 0.19 -> 0.15 ms for rec's 128 x
     * 12 x 160 3x3, no lone chunks left). Only the loops branch (a
     * branch the profile has not seen makes C2 drop the compiled code, and until it recompiles
     * the vectors run as objects).
     */
    private static void chunks(float[] src, int at, int[] rows, float[] w, int wOff, float b, float[] y, int yOff,
                               int count) {
        int taps = rows.length;
        int c = 0;
        int ox = 0;
        for (; count % 4 != 0 && c + 5 <= count; c += 5, ox += 5 * NR) {
            FloatVector a0 = FloatVector.broadcast(S, b);
            FloatVector a1 = a0;
            FloatVector a2 = a0;
            FloatVector a3 = a0;
            FloatVector a4 = a0;
            FloatVector a5 = a0;
            FloatVector a6 = a0;
            FloatVector a7 = a0;
            FloatVector a8 = a0;
            FloatVector a9 = a0;
            for (int t = 0; t < taps; t++) {
                FloatVector wt = FloatVector.broadcast(S, w[wOff + t]);
                int i = at + rows[t] + ox;
                a0 = wt.fma(FloatVector.fromArray(S, src, i), a0);
                a1 = wt.fma(FloatVector.fromArray(S, src, i + 8), a1);
                a2 = wt.fma(FloatVector.fromArray(S, src, i + 16), a2);
                a3 = wt.fma(FloatVector.fromArray(S, src, i + 24), a3);
                a4 = wt.fma(FloatVector.fromArray(S, src, i + 32), a4);
                a5 = wt.fma(FloatVector.fromArray(S, src, i + 40), a5);
                a6 = wt.fma(FloatVector.fromArray(S, src, i + 48), a6);
                a7 = wt.fma(FloatVector.fromArray(S, src, i + 56), a7);
                a8 = wt.fma(FloatVector.fromArray(S, src, i + 64), a8);
                a9 = wt.fma(FloatVector.fromArray(S, src, i + 72), a9);
            }
            a0.intoArray(y, yOff + ox);
            a1.intoArray(y, yOff + ox + 8);
            a2.intoArray(y, yOff + ox + 16);
            a3.intoArray(y, yOff + ox + 24);
            a4.intoArray(y, yOff + ox + 32);
            a5.intoArray(y, yOff + ox + 40);
            a6.intoArray(y, yOff + ox + 48);
            a7.intoArray(y, yOff + ox + 56);
            a8.intoArray(y, yOff + ox + 64);
            a9.intoArray(y, yOff + ox + 72);
        }
        for (; c + 4 <= count; c += 4, ox += 4 * NR) {
            FloatVector a0 = FloatVector.broadcast(S, b);
            FloatVector a1 = a0;
            FloatVector a2 = a0;
            FloatVector a3 = a0;
            FloatVector a4 = a0;
            FloatVector a5 = a0;
            FloatVector a6 = a0;
            FloatVector a7 = a0;
            for (int t = 0; t < taps; t++) {
                FloatVector wt = FloatVector.broadcast(S, w[wOff + t]);
                int i = at + rows[t] + ox;
                a0 = wt.fma(FloatVector.fromArray(S, src, i), a0);
                a1 = wt.fma(FloatVector.fromArray(S, src, i + 8), a1);
                a2 = wt.fma(FloatVector.fromArray(S, src, i + 16), a2);
                a3 = wt.fma(FloatVector.fromArray(S, src, i + 24), a3);
                a4 = wt.fma(FloatVector.fromArray(S, src, i + 32), a4);
                a5 = wt.fma(FloatVector.fromArray(S, src, i + 40), a5);
                a6 = wt.fma(FloatVector.fromArray(S, src, i + 48), a6);
                a7 = wt.fma(FloatVector.fromArray(S, src, i + 56), a7);
            }
            a0.intoArray(y, yOff + ox);
            a1.intoArray(y, yOff + ox + 8);
            a2.intoArray(y, yOff + ox + 16);
            a3.intoArray(y, yOff + ox + 24);
            a4.intoArray(y, yOff + ox + 32);
            a5.intoArray(y, yOff + ox + 40);
            a6.intoArray(y, yOff + ox + 48);
            a7.intoArray(y, yOff + ox + 56);
        }
        for (; c < count; c++, ox += NR) {
            FloatVector a0 = FloatVector.broadcast(S, b);
            FloatVector a1 = a0;
            for (int t = 0; t < taps; t++) {
                FloatVector wt = FloatVector.broadcast(S, w[wOff + t]);
                int i = at + rows[t] + ox;
                a0 = wt.fma(FloatVector.fromArray(S, src, i), a0);
                a1 = wt.fma(FloatVector.fromArray(S, src, i + 8), a1);
            }
            a0.intoArray(y, yOff + ox);
            a1.intoArray(y, yOff + ox + 8);
        }
    }

    /** Passes of four 16-output chunks that cover n positions. */
    private static int quads(int n) {
        return (n + 4 * NR - 1) / (4 * NR);
    }
}
