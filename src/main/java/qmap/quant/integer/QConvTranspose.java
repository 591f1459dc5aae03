package qmap.quant.integer;

import java.util.concurrent.ForkJoinPool;
import qmap.ir.DType;
import qmap.ir.Node;
import qmap.ir.Tensor;
import qmap.ops.ConvGeometry;
import qmap.ops.Operator;
import qmap.ops.Workspace;

/**
 * Integer 2-D transposed convolution: X minus its zero point (int8/uint8/int16), int8 weights W
 * (C x M/group x kH x kW), an optional int32 bias at scale x_scale * w_scale[m], exact integer
 * sums, one requantization per output map with multiplier {@code x_scale * w_scale[m] / y_scale}
 * ({@code w_scale} holds one scale, or one per output map) and the clamp range of a fused
 * Relu/Clip. Pads crop the output, output_padding and output_shape extend it, as
 * {@link qmap.ops.ConvTranspose}.
 *
 * <p>The sums run on the float32 ConvTranspose kernel whenever that is exact
 * ({@link ExactFloatSums}). Otherwise, per output map and kernel tap, the products of every
 * input channel are summed over the contiguous input plane, then added into the output plane at
 * the tap's place.
 */
public final class QConvTranspose implements Operator {
    private final ExactFloatSums floatSums = ExactFloatSums.of("ConvTranspose");

    @Override
    public Tensor[] run(Node node, Tensor[] in) {
        return run(node, in, (ForkJoinPool) null);
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
        Tensor x = in[0];
        Tensor w = in[1];
        Tensor b = in.length > 2 ? in[2] : null;
        if (x.rank() != 4 || w.rank() != 4) {
            throw new IllegalArgumentException("QConvTranspose supports 2-D (rank-4 X and W), got X rank " + x.rank()
                    + ", W rank " + w.rank());
        }
        int batch = x.dim(0);
        int channels = x.dim(1);
        int group = (int) node.attrInt("group", 1);
        int groupMaps = w.dim(1);
        if (group <= 0 || w.dim(0) != channels || channels % group != 0) {
            throw new IllegalArgumentException("X has " + channels + " channels, W is " + w.dim(0) + " x " + groupMaps
                    + ", group " + group);
        }
        int maps = groupMaps * group;
        int groupChannels = channels / group;
        ConvGeometry g = ConvGeometry.transposed(node, ConvGeometry.spatial(x.shape()),
                ConvGeometry.kernelShape(node, w.shape(), 2));
        long[] bias = b == null ? null : b.longs();
        if (bias != null && bias.length != maps) {
            throw new IllegalArgumentException("B has " + bias.length + " values, expected " + maps);
        }
        Requantizer rq = QConv.requantizer(node, maps);
        boolean perMap = node.attrFloats("w_scale", new float[1]).length > 1;
        int taps = g.kernel[0] * g.kernel[1];
        int inSize = g.in[0] * g.in[1];
        int outSize = g.out[0] * g.out[1];
        int[] shape = {batch, maps, g.out[0], g.out[1]};
        Tensor exact = onFloatKernel(node, x, w, (long) groupChannels * taps, maps, outSize, bias, rq, perMap, shape,
                workspace, table);
        if (exact != null) {
            return exact;
        }
        int[] xv = IntegerTensors.centered(x, IntegerTensors.zeroPoint(node, "x"));
        int[] wv = IntegerTensors.centered(w, IntegerTensors.zeroPoint(node, "w"));
        boolean wide = (long) groupChannels << (x.dtype().bits() + w.dtype().bits()) >= Integer.MAX_VALUE;
        int[] row = new int[inSize];
        long[] wideRow = wide ? new long[inSize] : null;
        long[] plane = new long[outSize];
        int[] y = new int[batch * maps * outSize];
        for (int n = 0; n < batch; n++) {
            for (int m = 0; m < maps; m++) {
                int grp = m / groupMaps;
                int firstChannel = grp * groupChannels;
                java.util.Arrays.fill(plane, bias == null ? 0 : bias[m]);
                for (int t = 0; t < taps; t++) {
                    // W[c][m % groupMaps][t] for the group's channels c
                    int wBase = (firstChannel * groupMaps + m % groupMaps) * taps + t;
                    int xBase = (n * channels + firstChannel) * inSize;
                    if (wide) {
                        sumWide(wv, wBase, groupMaps * taps, xv, xBase, inSize, groupChannels, wideRow);
                        scatter(wideRow, g, t, plane);
                    } else {
                        sum(wv, wBase, groupMaps * taps, xv, xBase, inSize, groupChannels, row);
                        scatter(row, g, t, plane);
                    }
                }
                int c = perMap ? m : 0;
                int out = (n * maps + m) * outSize;
                for (int p = 0; p < outSize; p++) {
                    y[out + p] = rq.apply(plane[p], c);
                }
            }
        }
        Tensor out = IntegerTensors.output(node, shape, y);
        return table == null ? out : table.lookUp(out);
    }

    /**
     * The output with its sums on the float32 ConvTranspose kernel ({@link ExactFloatSums}), or
     * null when they could reach 2^24.
     */
    private Tensor onFloatKernel(Node node, Tensor x, Tensor w, long terms, int maps, int outSize, long[] bias,
                                 Requantizer rq, boolean perMap, int[] shape, Workspace workspace,
                                 ValueTable table) {
        ExactFloatSums.Centered wf = floatSums.weights(w, IntegerTensors.zeroPoint(node, "w"), workspace);
        DType type = table == null ? IntegerTensors.outputType(node) : table.out();
        Object y = ExactFloatSums.output(type, shape[0] * maps * outSize, workspace);
        long zp = IntegerTensors.zeroPoint(node, "x");
        if (y instanceof byte[] codes && floatSums.runTilesCodes(node, x, zp, w.shape(), wf.values(), terms, wf.max(),
                workspace, bias, rq, perMap, codes, table)) {
            return ExactFloatSums.tensor(type, shape, y);
        }
        float[] xf = workspace.floats(x.size());
        if (!ExactFloatSums.centeredExact(x, zp, xf, terms, wf.max())) {
            return null;
        }
        if (y instanceof byte[] codes && floatSums.runTiles(node, x.shape(), xf, w.shape(), wf.values(), workspace,
                bias, rq, perMap, codes, table)) {
            return ExactFloatSums.tensor(type, shape, y);
        }
        floatSums.run(node, x.shape(), xf, w.shape(), wf.values(), maps, outSize, workspace,
                ExactFloatSums.requantizer(node, bias, rq, perMap, y, table));
        return ExactFloatSums.tensor(type, shape, y);
    }

    /** row[i] = sum over the group's channels c of w[wBase + c * wStride] * x[xBase + c * inSize + i]. */
    private static void sum(int[] w, int wBase, int wStride, int[] x, int xBase, int inSize, int channels,
                            int[] row) {
        java.util.Arrays.fill(row, 0);
        for (int c = 0; c < channels; c++) {
            int wc = w[wBase + c * wStride];
            if (wc == 0) {
                continue;
            }
            int base = xBase + c * inSize;
            for (int i = 0; i < inSize; i++) {
                row[i] += wc * x[base + i];
            }
        }
    }

    private static void sumWide(int[] w, int wBase, int wStride, int[] x, int xBase, int inSize, int channels,
                                long[] row) {
        java.util.Arrays.fill(row, 0);
        for (int c = 0; c < channels; c++) {
            long wc = w[wBase + c * wStride];
            int base = xBase + c * inSize;
            for (int i = 0; i < inSize; i++) {
                row[i] += wc * x[base + i];
            }
        }
    }

    /** Adds the input-plane row of tap t into the output plane where the tap lands (cropped by the pads). */
    private static void scatter(int[] row, ConvGeometry g, int t, long[] plane) {
        int inW = g.in[1];
        int outW = g.out[1];
        int ky = t / g.kernel[1];
        int kx = t % g.kernel[1];
        for (int iy = 0; iy < g.in[0]; iy++) {
            int oy = iy * g.strides[0] - g.padBegin[0] + ky * g.dilations[0];
            if (oy < 0 || oy >= g.out[0]) {
                continue;
            }
            int dx = kx * g.dilations[1] - g.padBegin[1];
            for (int ix = 0; ix < inW; ix++) {
                int ox = ix * g.strides[1] + dx;
                if (ox >= 0 && ox < outW) {
                    plane[oy * outW + ox] += row[iy * inW + ix];
                }
            }
        }
    }

    private static void scatter(long[] row, ConvGeometry g, int t, long[] plane) {
        int inW = g.in[1];
        int outW = g.out[1];
        int ky = t / g.kernel[1];
        int kx = t % g.kernel[1];
        for (int iy = 0; iy < g.in[0]; iy++) {
            int oy = iy * g.strides[0] - g.padBegin[0] + ky * g.dilations[0];
            if (oy < 0 || oy >= g.out[0]) {
                continue;
            }
            int dx = kx * g.dilations[1] - g.padBegin[1];
            for (int ix = 0; ix < inW; ix++) {
                int ox = ix * g.strides[1] + dx;
                if (ox >= 0 && ox < outW) {
                    plane[oy * outW + ox] += row[iy * inW + ix];
                }
            }
        }
    }
}
