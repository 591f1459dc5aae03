package qmap.quant.integer;

import qmap.ir.Node;
import qmap.ir.Tensor;
import qmap.kernels.ByteCodes;
import qmap.ops.ConvGeometry;
import qmap.ops.Operator;

/**
 * Integer average pooling: the int32 sum of each window, requantized with multiplier
 * {@code x_scale / (y_scale * count)} (float32, in ONNX Runtime's QLinearGlobalAveragePool
 * order). {@code global = 1} pools the whole plane (GlobalAveragePool); otherwise a 2-D window
 * (AveragePool, whose count excludes padding unless {@code count_include_pad}).
 */
public final class QAveragePool implements Operator {
    @Override
    public Tensor[] run(Node node, Tensor[] in) {
        Tensor x = in[0];
        if (x.rank() != 4) {
            throw new IllegalArgumentException("QAveragePool needs N x C x H x W, got rank " + x.rank());
        }
        int planes = x.dim(0) * x.dim(1);
        int h = x.dim(2);
        int w = x.dim(3);
        if (node.attrInt("global", 0) != 0) {
            Requantizer rq = requantizer(node, h * w);
            long zpSum = IntegerTensors.zeroPoint(node, "x") * h * w;
            byte[] xb = x.bytes();
            boolean unsigned = x.dtype() == qmap.ir.DType.UINT8;
            long[] xv = xb == null ? x.longs() : null;
            int[] y = new int[planes];
            for (int p = 0; p < planes; p++) {
                long sum = 0;
                if (xb != null) {
                    sum = ByteCodes.sum(xb, p * h * w, h * w, unsigned);
                } else {
                    for (int i = p * h * w, end = i + h * w; i < end; i++) {
                        sum += xv[i];
                    }
                }
                y[p] = rq.apply(sum - zpSum, 0);
            }
            return new Tensor[] {IntegerTensors.output(node, new int[] {x.dim(0), x.dim(1), 1, 1}, y)};
        }
        int[] xv = IntegerTensors.centered(x, IntegerTensors.zeroPoint(node, "x"));
        long[] ks = node.attrInts("kernel_shape", new long[] {1, 1});
        int[] kernel = {(int) ks[0], (int) ks[ks.length - 1]};
        ConvGeometry g = ConvGeometry.forward(node, new int[] {h, w}, kernel, node.attrInt("ceil_mode", 0) != 0);
        boolean includePad = node.attrInt("count_include_pad", 0) != 0;
        int outH = g.out[0];
        int outW = g.out[1];
        int[] y = new int[planes * outH * outW];
        Requantizer[] byCount = new Requantizer[kernel[0] * kernel[1] + 1];
        for (int p = 0; p < planes; p++) {
            for (int oy = 0; oy < outH; oy++) {
                for (int ox = 0; ox < outW; ox++) {
                    long sum = 0;
                    int count = 0;
                    for (int ky = 0; ky < kernel[0]; ky++) {
                        int iy = oy * g.strides[0] - g.padBegin[0] + ky * g.dilations[0];
                        for (int kx = 0; kx < kernel[1]; kx++) {
                            int ix = ox * g.strides[1] - g.padBegin[1] + kx * g.dilations[1];
                            boolean inside = iy >= 0 && iy < h && ix >= 0 && ix < w;
                            boolean inPad = iy >= -g.padBegin[0] && iy < h + g.padEnd[0]
                                    && ix >= -g.padBegin[1] && ix < w + g.padEnd[1];
                            if (inside) {
                                sum += xv[(p * h + iy) * w + ix];
                            }
                            if (inside || includePad && inPad) {
                                count++;
                            }
                        }
                    }
                    if (byCount[count] == null) {
                        byCount[count] = requantizer(node, count);
                    }
                    y[(p * outH + oy) * outW + ox] = byCount[count].apply(sum, 0);
                }
            }
        }
        return new Tensor[] {IntegerTensors.output(node, new int[] {x.dim(0), x.dim(1), outH, outW}, y)};
    }

    private static Requantizer requantizer(Node node, int count) {
        float xs = IntegerTensors.scale(node, "x");
        float ys = IntegerTensors.scale(node, "y");
        return Requantizer.single(RequantMode.of(node), xs / (ys * (float) count), (double) xs / ((double) ys * count),
                IntegerTensors.lo(node), IntegerTensors.hi(node));
    }
}
