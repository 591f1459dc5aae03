package qmap.ops;

import qmap.ir.DType;
import qmap.ir.Node;
import qmap.ir.Tensor;

/**
 * MaxPool: the largest value of each window, ignoring padding and NaN, and optionally its
 * position as Indices: the flat index into X, with the spatial part row-major
 * (storage_order=0) or column-major (storage_order=1). Ties keep the first position.
 */
public final class MaxPool extends Pooling {
    @Override
    public Tensor[] run(Node node, Tensor[] in) {
        Tensor x = in[0];
        ConvGeometry g = geometry(node, x.shape());
        boolean columnMajor = node.attrInt("storage_order", 0) != 0;
        boolean wantIndices = node.outputs().size() > 1 && !node.output(1).isEmpty();
        double[] xs = x.toDoubles();
        int planes = x.dim(0) * x.dim(1);
        int inSize = g.inSize();
        int outSize = g.outSize();
        double[] y = new double[planes * outSize];
        long[] indices = wantIndices ? new long[planes * outSize] : null;
        KernelTaps window = g.inputTaps();
        int[] offsets = window.offsets;
        int[] columnStrides = columnMajorStrides(g.in);
        for (int o = 0; o < outSize; o++) {
            window.moveTo(o);
            for (int p = 0; p < planes; p++) {
                int base = p * inSize;
                double max = Double.NEGATIVE_INFINITY;
                int arg = -1;
                for (int offset : offsets) {
                    if (offset < 0) {
                        continue;
                    }
                    double v = xs[base + offset];
                    if (arg < 0 ? !Double.isNaN(v) : v > max) {
                        max = v;
                        arg = offset;
                    }
                }
                y[p * outSize + o] = max;
                if (wantIndices) {
                    int spatial = columnMajor && arg >= 0 ? columnMajorIndex(arg, g.in, columnStrides) : arg;
                    indices[p * outSize + o] = (long) base + spatial;
                }
            }
        }
        int[] shape = ConvGeometry.nchw(x.dim(0), x.dim(1), g.out, g.rank());
        Tensor values = Tensor.fromDoubles(x.dtype(), shape, y);
        return wantIndices ? new Tensor[] {values, Tensor.of(DType.INT64, shape, indices)} : new Tensor[] {values};
    }

    @Override
    protected DType outputType(int i, DType x) {
        return i == 0 ? x : DType.INT64;
    }

    private static int[] columnMajorStrides(int[] dims) {
        int[] strides = new int[dims.length];
        int acc = 1;
        for (int d = 0; d < dims.length; d++) {
            strides[d] = acc;
            acc *= dims[d];
        }
        return strides;
    }

    /** The column-major position of the element at row-major position {@code rowMajor}. */
    private static int columnMajorIndex(int rowMajor, int[] dims, int[] columnStrides) {
        int rest = rowMajor;
        int index = 0;
        for (int d = dims.length - 1; d >= 0; d--) {
            index += (rest % dims[d]) * columnStrides[d];
            rest /= dims[d];
        }
        return index;
    }
}
