package qmap.ops;

import qmap.ir.Node;
import qmap.ir.Tensor;

/**
 * AveragePool: the mean of each window. Padding never contributes a value; with
 * count_include_pad=1 it counts in the divisor, except the part of a ceil_mode window that
 * hangs past the end padding.
 */
public final class AveragePool extends Pooling {
    @Override
    public Tensor[] run(Node node, Tensor[] in) {
        Tensor x = in[0];
        ConvGeometry g = geometry(node, x.shape());
        boolean countPad = node.attrInt("count_include_pad", 0) != 0;
        double[] xs = x.toDoubles();
        int planes = x.dim(0) * x.dim(1);
        int inSize = g.inSize();
        int outSize = g.outSize();
        double[] y = new double[planes * outSize];
        KernelTaps window = g.inputTaps();
        int[] offsets = window.offsets;
        for (int o = 0; o < outSize; o++) {
            window.moveTo(o);
            for (int p = 0; p < planes; p++) {
                int base = p * inSize;
                double sum = 0;
                int count = 0;
                for (int offset : offsets) {
                    if (offset >= 0) {
                        sum += xs[base + offset];
                        count++;
                    }
                }
                y[p * outSize + o] = sum / (countPad ? window.paddedCount : count);
            }
        }
        int[] shape = ConvGeometry.nchw(x.dim(0), x.dim(1), g.out, g.rank());
        return new Tensor[] {Tensor.fromDoubles(x.dtype(), shape, y)};
    }
}
