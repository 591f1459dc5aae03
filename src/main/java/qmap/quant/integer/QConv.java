package qmap.quant.integer;

import qmap.ir.Node;
import qmap.ir.Tensor;
import qmap.ops.ConvGeometry;
import qmap.ops.Operator;

/**
 * Integer 2-D convolution, what QLinearConv computes: int8/uint8/int16 input X minus its zero
 * point, int8 weights W (per output channel scales, or an activation with one scale), int32
 * bias B at scale x_scale * w_scale, exact integer accumulation, then one requantization per
 * output channel with multiplier {@code x_scale * w_scale[m] / y_scale} and the clamp range of
 * the output type narrowed by a fused Relu/Clip. Padding reads the zero point (real 0).
 *
 * <p>Each output position's window is gathered once into a row (im2col, channel-major like W),
 * so every output is a dot product of two contiguous int rows.
 */
public final class QConv implements Operator {
    @Override
    public Tensor[] run(Node node, Tensor[] in) {
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
        int[] col = new int[positions * k];
        int[] y = new int[batch * maps * positions];
        for (int n = 0; n < batch; n++) {
            for (int grp = 0; grp < group; grp++) {
                im2col(xv, (n * channels + grp * groupChannels) * g.in[0] * g.in[1], groupChannels, g, col, k);
                for (int p = 0; p < positions; p++) {
                    int colBase = p * k;
                    for (int m = grp * mapsPerGroup; m < (grp + 1) * mapsPerGroup; m++) {
                        long acc = wide ? dotWide(wv, m * k, col, colBase, k) : dot(wv, m * k, col, colBase, k);
                        if (bias != null) {
                            acc += bias[m];
                        }
                        y[(n * maps + m) * positions + p] = rq.apply(acc, perChannel ? m : 0);
                    }
                }
            }
        }
        return new Tensor[] {IntegerTensors.output(node, new int[] {batch, maps, outH, outW}, y)};
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

    /** Window rows: col[p * k + c * taps + t] = X[c][window tap t of output p], 0 in the padding. */
    private static void im2col(int[] x, int base, int groupChannels, ConvGeometry g, int[] col, int k) {
        int inH = g.in[0];
        int inW = g.in[1];
        int outH = g.out[0];
        int outW = g.out[1];
        int kh = g.kernel[0];
        int kw = g.kernel[1];
        for (int c = 0; c < groupChannels; c++) {
            int plane = base + c * inH * inW;
            for (int ky = 0; ky < kh; ky++) {
                for (int kx = 0; kx < kw; kx++) {
                    int j = (c * kh + ky) * kw + kx;
                    for (int oy = 0; oy < outH; oy++) {
                        int iy = oy * g.strides[0] - g.padBegin[0] + ky * g.dilations[0];
                        boolean rowInside = iy >= 0 && iy < inH;
                        int rowBase = plane + iy * inW;
                        int p = oy * outW * k + j;
                        for (int ox = 0; ox < outW; ox++, p += k) {
                            int ix = ox * g.strides[1] - g.padBegin[1] + kx * g.dilations[1];
                            col[p] = rowInside && ix >= 0 && ix < inW ? x[rowBase + ix] : 0;
                        }
                    }
                }
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
