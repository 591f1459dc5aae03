package qmap.quant.integer;

import java.util.concurrent.ForkJoinPool;
import qmap.ir.DType;
import qmap.ir.Node;
import qmap.ir.Tensor;
import qmap.kernels.CodeSpans;
import qmap.kernels.Epilogue;
import qmap.ops.ConvGeometry;
import qmap.ops.Operator;
import qmap.ops.Workspace;

/**
 * Integer 2-D convolution, what QLinearConv computes: int8/uint8/int16 input X minus its zero
 * point, int8 weights W (per output channel scales, or an activation with one scale), int32
 * bias B at scale x_scale * w_scale, exact integer accumulation, then one requantization per
 * output channel with multiplier {@code x_scale * w_scale[m] / y_scale} and the clamp range of
 * the output type narrowed by a fused Relu/Clip. Padding reads the zero point (real 0).
 *
 * <p>The sums run on the float32 Conv kernel whenever that is exact ({@link ExactFloatSums}: every
 * int8 convolution of up to about 1,000 taps), on the executor's threads. Otherwise the input
 * windows are gathered once per group (im2col, one row per weight tap), then each output channel
 * accumulates weight times row over a tile of positions, a multiply-add over contiguous ints.
 */
public final class QConv implements Operator {
    /** Output positions computed together: the accumulators stay in the first-level cache. */
    private static final int TILE = 256;
    private static final int BLOCK = 4;

    private final ExactFloatSums floatSums = ExactFloatSums.of("Conv");

    @Override
    public Tensor[] run(Node node, Tensor[] in) {
        return run(node, in, Workspace.SERIAL);
    }

    @Override
    public Tensor[] run(Node node, Tensor[] in, ForkJoinPool pool) {
        return run(node, in, Workspace.of(pool));
    }

    @Override
    public Tensor[] run(Node node, Tensor[] in, Workspace workspace) {
        return new Tensor[] {convolve(node, in, workspace, null)};
    }

    /**
     * The output, each value looked up in {@code table} when there is one (a chain of integer
     * nodes after the convolution, {@link IntegerFusion}): the table's output type.
     */
    Tensor convolve(Node node, Tensor[] in, Workspace workspace, ValueTable table) {
        Tensor y = convolve(node, in, workspace, table, null);
        return y != null ? y : table == null ? integerLoops(node, in) : table.lookUp(integerLoops(node, in));
    }

    /**
     * The 8-bit output with {@code then} applied to each span of codes as the kernel finishes it
     * ({@link QConvAdd}); null, nothing done, when the sums do not run on the float kernel.
     */
    Tensor convolveThen(Node node, Tensor[] in, Workspace workspace, CodeSpans then) {
        return IntegerTensors.outputType(node).bits() == 8 ? convolve(node, in, workspace, null, then) : null;
    }

    private Tensor convolve(Node node, Tensor[] in, Workspace workspace, ValueTable table,
                            CodeSpans then) {
        Tensor x = in[0];
        Tensor w = in[1];
        Tensor b = in.length > 2 ? in[2] : null;
        if (x.rank() != 4 || w.rank() != 4) {
            throw new IllegalArgumentException("QConv supports 2-D convolution (rank-4 X and W), got X rank "
                    + x.rank() + ", W rank " + w.rank());
        }
        int batch = x.dim(0);
        int channels = x.dim(1);
        int maps = w.dim(0);
        int groupChannels = w.dim(1);
        int group = (int) node.attrInt("group", 1);
        if (channels != groupChannels * group || maps % group != 0) {
            throw new IllegalArgumentException("X has " + channels + " channels, W is " + maps + " x " + groupChannels
                    + ", group " + group);
        }
        int[] kernel = ConvGeometry.kernelShape(node, w.shape(), 2);
        ConvGeometry g = ConvGeometry.forward(node, ConvGeometry.spatial(x.shape()), kernel, false);
        return onFloatKernel(node, x, w, b, kernel, g, workspace, table, then);
    }

    private Tensor integerLoops(Node node, Tensor[] in) {
        Tensor x = in[0];
        Tensor w = in[1];
        Tensor b = in.length > 2 ? in[2] : null;
        int[] kernel = ConvGeometry.kernelShape(node, w.shape(), 2);
        ConvGeometry g = ConvGeometry.forward(node, ConvGeometry.spatial(x.shape()), kernel, false);
        int batch = x.dim(0);
        int channels = x.dim(1);
        int maps = w.dim(0);
        int groupChannels = w.dim(1);
        int group = (int) node.attrInt("group", 1);
        int[] xv = IntegerTensors.centered(x, IntegerTensors.zeroPoint(node, "x"));
        int[] wv = IntegerTensors.centered(w, IntegerTensors.zeroPoint(node, "w"));
        long[] bias = b == null ? null : b.longs();
        Requantizer rq = requantizer(node, maps);
        boolean perChannel = node.attrFloats("w_scale", new float[1]).length > 1;
        int taps = kernel[0] * kernel[1];
        int k = groupChannels * taps;
        int outH = g.out[0];
        int outW = g.out[1];
        int positions = outH * outW;
        int mapsPerGroup = maps / group;
        boolean wide = (long) k << (x.dtype().bits() + w.dtype().bits()) >= Integer.MAX_VALUE;
        int[] col = new int[k * positions];
        int tile = Math.min(TILE, positions);
        int[][] acc = new int[BLOCK][tile];
        long[] wideAcc = wide ? new long[tile] : null;
        int[] y = new int[batch * maps * positions];
        for (int n = 0; n < batch; n++) {
            for (int grp = 0; grp < group; grp++) {
                im2col(xv, (n * channels + grp * groupChannels) * g.in[0] * g.in[1], groupChannels, g, col);
                int first = grp * mapsPerGroup;
                int end = first + mapsPerGroup;
                for (int p0 = 0; p0 < positions; p0 += TILE) {
                    int len = Math.min(TILE, positions - p0);
                    for (int m = first; m < end; m += BLOCK) {
                        int count = Math.min(BLOCK, end - m);
                        if (wide) {
                            for (int i = 0; i < count; i++) {
                                accumulateWide(wv, (m + i) * k, k, col, positions, p0, len, wideAcc);
                                store(wideAcc, len, bias, m + i, perChannel, rq, y, (n * maps + m + i) * positions + p0);
                            }
                            continue;
                        }
                        if (count == BLOCK) {
                            accumulate4(wv, m * k, k, col, positions, p0, len, acc);
                        } else {
                            for (int i = 0; i < count; i++) {
                                accumulate(wv, (m + i) * k, k, col, positions, p0, len, acc[i]);
                            }
                        }
                        for (int i = 0; i < count; i++) {
                            store(acc[i], len, bias, m + i, perChannel, rq, y, (n * maps + m + i) * positions + p0);
                        }
                    }
                }
            }
        }
        return IntegerTensors.output(node, new int[] {batch, maps, outH, outW}, y);
    }

    /**
     * The convolution with its sums on the float32 Conv kernel, exact ({@link ExactFloatSums}),
     * requantized as the kernel's epilogue into an array of the workspace; null when the sums
     * could reach 2^24 (wide windows, int16 activations): the integer loops run those.
     */
    private Tensor onFloatKernel(Node node, Tensor x, Tensor w, Tensor b, int[] kernel, ConvGeometry g,
                                 Workspace workspace, ValueTable table, CodeSpans then) {
        long zp = IntegerTensors.zeroPoint(node, "x");
        ExactFloatSums.Centered wf = floatSums.weights(w, IntegerTensors.zeroPoint(node, "w"), workspace);
        long terms = (long) w.dim(1) * kernel[0] * kernel[1];
        int maps = w.dim(0);
        int[] shape = {x.dim(0), maps, g.out[0], g.out[1]};
        DType type = table == null ? IntegerTensors.outputType(node) : table.out();
        Object y = ExactFloatSums.output(type, shape[0] * maps * g.out[0] * g.out[1], workspace);
        long[] bias = b == null ? null : b.longs();
        boolean perChannel = node.attrFloats("w_scale", new float[1]).length > 1;
        Epilogue requantize = ExactFloatSums.requantizer(node, bias, requantizer(node, maps), perChannel, y, table,
                then);
        if (floatSums.runCodes(node, x, zp, w.shape(), wf.values(), terms, wf.max(), workspace, requantize)) {
            return ExactFloatSums.tensor(type, shape, y);
        }
        float[] xf = workspace.floats(x.size());
        if (!ExactFloatSums.centeredExact(x, zp, xf, terms, wf.max())) {
            return null;
        }
        floatSums.run(node, x.shape(), xf, w.shape(), wf.values(), maps, g.out[0] * g.out[1], workspace, requantize);
        return ExactFloatSums.tensor(type, shape, y);
    }

    /** Multipliers {@code x_scale * w_scale[m] / y_scale}, in ONNX Runtime's float32 operation order. */
    static Requantizer requantizer(Node node, int maps) {
        float xs = IntegerTensors.scale(node, "x");
        float ys = IntegerTensors.scale(node, "y");
        float[] ws = node.attrFloats("w_scale", new float[] {1f});
        float[] fm = new float[ws.length];
        double[] em = new double[ws.length];
        for (int c = 0; c < ws.length; c++) {
            fm[c] = xs * ws[c] / ys;
            em[c] = (double) xs * ws[c] / ys;
        }
        return new Requantizer(RequantMode.of(node), fm, em, IntegerTensors.lo(node), IntegerTensors.hi(node));
    }

    /** Window taps by row: col[(c * taps + t) * positions + p] = X[c][tap t of output p], 0 in the padding. */
    private static void im2col(int[] x, int base, int groupChannels, ConvGeometry g, int[] col) {
        int inH = g.in[0];
        int inW = g.in[1];
        int outH = g.out[0];
        int outW = g.out[1];
        int kh = g.kernel[0];
        int kw = g.kernel[1];
        int positions = outH * outW;
        int sy = g.strides[0];
        int sx = g.strides[1];
        for (int c = 0; c < groupChannels; c++) {
            int plane = base + c * inH * inW;
            for (int ky = 0; ky < kh; ky++) {
                for (int kx = 0; kx < kw; kx++) {
                    int row = ((c * kh + ky) * kw + kx) * positions;
                    int dx = kx * g.dilations[1] - g.padBegin[1];
                    for (int oy = 0; oy < outH; oy++) {
                        int iy = oy * sy - g.padBegin[0] + ky * g.dilations[0];
                        int p = row + oy * outW;
                        if (iy < 0 || iy >= inH) {
                            java.util.Arrays.fill(col, p, p + outW, 0);
                            continue;
                        }
                        int rowBase = plane + iy * inW;
                        for (int ox = 0; ox < outW; ox++) {
                            int ix = ox * sx + dx;
                            col[p + ox] = ix >= 0 && ix < inW ? x[rowBase + ix] : 0;
                        }
                    }
                }
            }
        }
    }

    private static void store(int[] acc, int len, long[] bias, int m, boolean perChannel, Requantizer rq, int[] y,
                              int out) {
        long b = bias == null ? 0 : bias[m];
        int c = perChannel ? m : 0;
        for (int p = 0; p < len; p++) {
            y[out + p] = rq.apply(acc[p] + b, c);
        }
    }

    private static void store(long[] acc, int len, long[] bias, int m, boolean perChannel, Requantizer rq, int[] y,
                              int out) {
        long b = bias == null ? 0 : bias[m];
        int c = perChannel ? m : 0;
        for (int p = 0; p < len; p++) {
            y[out + p] = rq.apply(acc[p] + b, c);
        }
    }

    /** Four output channels at once: each window row is read once for four weight rows. */
    private static void accumulate4(int[] w, int wBase, int k, int[] col, int positions, int p0, int len,
                                    int[][] acc) {
        int[] a0 = acc[0];
        int[] a1 = acc[1];
        int[] a2 = acc[2];
        int[] a3 = acc[3];
        java.util.Arrays.fill(a0, 0, len, 0);
        java.util.Arrays.fill(a1, 0, len, 0);
        java.util.Arrays.fill(a2, 0, len, 0);
        java.util.Arrays.fill(a3, 0, len, 0);
        for (int j = 0; j < k; j++) {
            int w0 = w[wBase + j];
            int w1 = w[wBase + k + j];
            int w2 = w[wBase + 2 * k + j];
            int w3 = w[wBase + 3 * k + j];
            int row = j * positions + p0;
            for (int p = 0; p < len; p++) {
                int v = col[row + p];
                a0[p] += w0 * v;
                a1[p] += w1 * v;
                a2[p] += w2 * v;
                a3[p] += w3 * v;
            }
        }
    }

    /** acc[p] = sum over j of w[j] * col[j][p0 + p]: one multiply-add row at a time, which vectorizes. */
    private static void accumulate(int[] w, int wBase, int k, int[] col, int positions, int p0, int len, int[] acc) {
        java.util.Arrays.fill(acc, 0, len, 0);
        for (int j = 0; j < k; j++) {
            int wj = w[wBase + j];
            if (wj == 0) {
                continue;
            }
            int row = j * positions + p0;
            for (int p = 0; p < len; p++) {
                acc[p] += wj * col[row + p];
            }
        }
    }

    private static void accumulateWide(int[] w, int wBase, int k, int[] col, int positions, int p0, int len,
                                       long[] acc) {
        java.util.Arrays.fill(acc, 0, len, 0);
        for (int j = 0; j < k; j++) {
            long wj = w[wBase + j];
            int row = j * positions + p0;
            for (int p = 0; p < len; p++) {
                acc[p] += wj * col[row + p];
            }
        }
    }

    static int dot(int[] a, int ao, int[] b, int bo, int n) {
        int s = 0;
        for (int i = 0; i < n; i++) {
            s += a[ao + i] * b[bo + i];
        }
        return s;
    }

    static long dotWide(int[] a, int ao, int[] b, int bo, int n) {
        long s = 0;
        for (int i = 0; i < n; i++) {
            s += (long) a[ao + i] * b[bo + i];
        }
        return s;
    }
}
