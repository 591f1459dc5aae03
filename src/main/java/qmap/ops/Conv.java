package qmap.ops;

import java.util.Arrays;
import qmap.ir.Node;
import qmap.ir.Tensor;
import qmap.ir.TensorType;

/**
 * Conv: N-d grouped convolution (cross-correlation) of X (N x C x D1...) with W
 * (M x C/group x k1...) plus optional bias B (M), with strides, dilations and pads or auto_pad.
 * Dot products accumulate in double.
 */
public final class Conv implements Operator {
    @Override
    public Tensor[] run(Node node, Tensor[] in) {
        Tensor x = in[0];
        Tensor w = in[1];
        Tensor b = in.length > 2 ? in[2] : null;
        if (w.rank() != x.rank()) {
            throw new IllegalArgumentException("W has rank " + w.rank() + ", X has rank " + x.rank());
        }
        int rank = x.rank() - 2;
        int group = (int) node.attrInt("group", 1);
        int batch = x.dim(0);
        int channels = x.dim(1);
        int maps = w.dim(0);
        int groupChannels = w.dim(1);
        if (group <= 0 || channels != groupChannels * group || maps % group != 0) {
            throw new IllegalArgumentException("X has " + channels + " channels and W is " + maps + " x "
                    + groupChannels + " x ..., which does not fit group " + group);
        }
        int[] kernel = ConvGeometry.kernelShape(node, w.shape(), rank);
        if (!Arrays.equals(kernel, ConvGeometry.spatial(w.shape()))) {
            throw new IllegalArgumentException("kernel_shape " + Arrays.toString(kernel)
                    + " does not match W's spatial dims");
        }
        if (b != null && b.size() != maps) {
            throw new IllegalArgumentException("B has " + b.size() + " values, expected " + maps);
        }
        ConvGeometry g = ConvGeometry.forward(node, ConvGeometry.spatial(x.shape()), kernel, false);
        double[] xs = x.toDoubles();
        double[] ws = w.toDoubles();
        double[] bs = b == null ? null : b.toDoubles();
        int inSize = g.inSize();
        int outSize = g.outSize();
        int taps = g.kernelSize();
        int mapsPerGroup = maps / group;
        int patchSize = groupChannels * taps;
        double[] y = new double[batch * maps * outSize];
        // the window's input values for one group, in W's (channel, tap) order, so each output
        // is a dot product of two contiguous rows
        double[] patch = new double[patchSize];
        KernelTaps window = g.inputTaps();
        int[] offsets = window.offsets;
        for (int o = 0; o < outSize; o++) {
            window.moveTo(o);
            for (int n = 0; n < batch; n++) {
                for (int grp = 0; grp < group; grp++) {
                    for (int c = 0; c < groupChannels; c++) {
                        int xBase = (n * channels + grp * groupChannels + c) * inSize;
                        for (int t = 0; t < taps; t++) {
                            patch[c * taps + t] = offsets[t] >= 0 ? xs[xBase + offsets[t]] : 0;
                        }
                    }
                    for (int m = grp * mapsPerGroup; m < (grp + 1) * mapsPerGroup; m++) {
                        double acc = bs == null ? 0 : bs[m];
                        int wBase = m * patchSize;
                        for (int j = 0; j < patchSize; j++) {
                            acc += ws[wBase + j] * patch[j];
                        }
                        y[(n * maps + m) * outSize + o] = acc;
                    }
                }
            }
        }
        int[] shape = ConvGeometry.nchw(batch, maps, g.out, rank);
        return new Tensor[] {Tensor.fromDoubles(x.dtype(), shape, y)};
    }

    @Override
    public TensorType[] infer(Node node, TensorType[] in, Tensor[] values) {
        TensorType x = in[0];
        TensorType w = in.length > 1 ? in[1] : null;
        if (x == null || !x.hasRank()) {
            return new TensorType[] {Inference.typed(x == null ? null : x.dtype(), null)};
        }
        int rank = x.rank() - 2;
        int maps = w != null && w.hasRank() && w.rank() > 0 ? w.dims()[0] : -1;
        int[] kernel = ConvGeometry.knownKernel(node, w, rank);
        int[] spatial = kernel == null ? null
                : ConvGeometry.forward(node, ConvGeometry.spatial(x.dims()), kernel, false).out;
        return new TensorType[] {Inference.typed(x.dtype(), ConvGeometry.nchw(x.dims()[0], maps, spatial, rank))};
    }
}
