package qmap.ops;

import java.util.Arrays;
import qmap.ir.Node;
import qmap.ir.Tensor;
import qmap.ir.TensorType;

/**
 * ConvTranspose: the gradient of Conv with respect to its input. X (N x C x D1...), W
 * (C x M/group x k1...), optional B (M). Each input element is scattered through the kernel
 * window into the output; pads crop the result, output_padding and output_shape extend it.
 * Sums accumulate in double.
 */
public final class ConvTranspose implements Operator {
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
        int mapsPerGroup = w.dim(1);
        if (group <= 0 || w.dim(0) != channels || channels % group != 0) {
            throw new IllegalArgumentException("X has " + channels + " channels and W is " + w.dim(0) + " x "
                    + mapsPerGroup + " x ..., which does not fit group " + group);
        }
        int maps = mapsPerGroup * group;
        int[] kernel = ConvGeometry.kernelShape(node, w.shape(), rank);
        if (!Arrays.equals(kernel, ConvGeometry.spatial(w.shape()))) {
            throw new IllegalArgumentException("kernel_shape " + Arrays.toString(kernel)
                    + " does not match W's spatial dims");
        }
        if (b != null && b.size() != maps) {
            throw new IllegalArgumentException("B has " + b.size() + " values, expected " + maps);
        }
        ConvGeometry g = ConvGeometry.transposed(node, ConvGeometry.spatial(x.shape()), kernel);
        double[] xs = x.toDoubles();
        double[] ws = w.toDoubles();
        int inSize = g.inSize();
        int outSize = g.outSize();
        int taps = g.kernelSize();
        int channelsPerGroup = channels / group;
        double[] y = new double[batch * maps * outSize];
        if (b != null) {
            double[] bs = b.toDoubles();
            for (int p = 0; p < batch * maps; p++) {
                Arrays.fill(y, p * outSize, (p + 1) * outSize, bs[p % maps]);
            }
        }
        KernelTaps window = g.outputTaps();
        int[] offsets = window.offsets;
        for (int i = 0; i < inSize; i++) {
            window.moveTo(i);
            for (int n = 0; n < batch; n++) {
                for (int c = 0; c < channels; c++) {
                    double xv = xs[(n * channels + c) * inSize + i];
                    int firstMap = (c / channelsPerGroup) * mapsPerGroup;
                    for (int m = 0; m < mapsPerGroup; m++) {
                        int yBase = (n * maps + firstMap + m) * outSize;
                        int wBase = (c * mapsPerGroup + m) * taps;
                        for (int t = 0; t < taps; t++) {
                            if (offsets[t] >= 0) {
                                y[yBase + offsets[t]] += xv * ws[wBase + t];
                            }
                        }
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
        int group = (int) node.attrInt("group", 1);
        int maps = w != null && w.hasRank() && w.rank() > 1 && w.dims()[1] >= 0 ? w.dims()[1] * group : -1;
        int[] kernel = ConvGeometry.knownKernel(node, w, rank);
        int[] spatial = kernel == null ? null
                : ConvGeometry.transposed(node, ConvGeometry.spatial(x.dims()), kernel).out;
        return new TensorType[] {Inference.typed(x.dtype(), ConvGeometry.nchw(x.dims()[0], maps, spatial, rank))};
    }
}
