package qmap.ops;

import java.util.Arrays;
import qmap.ir.Node;
import qmap.ir.Tensor;
import qmap.ir.TensorType;

/** Base of the global pools: each N x C plane reduces to one value; spatial dims become 1. */
abstract class GlobalPooling implements Operator {
    /** The pooled value of {@code x[from, from + count)}. */
    protected abstract double reduce(double[] x, int from, int count);

    @Override
    public Tensor[] run(Node node, Tensor[] in) {
        Tensor x = in[0];
        int[] shape = pooledShape(x.shape());
        double[] xs = x.toDoubles();
        int planes = x.dim(0) * x.dim(1);
        int planeSize = planes == 0 ? 0 : x.size() / planes;
        double[] y = new double[planes];
        for (int p = 0; p < planes; p++) {
            y[p] = reduce(xs, p * planeSize, planeSize);
        }
        return new Tensor[] {Tensor.fromDoubles(x.dtype(), shape, y)};
    }

    @Override
    public TensorType[] infer(Node node, TensorType[] in, Tensor[] values) {
        TensorType x = in[0];
        if (x == null || !x.hasRank()) {
            return new TensorType[] {Inference.typed(x == null ? null : x.dtype(), null)};
        }
        return new TensorType[] {Inference.typed(x.dtype(), pooledShape(x.dims()))};
    }

    private static int[] pooledShape(int[] shape) {
        if (shape.length < 2) {
            throw new IllegalArgumentException("expected N x C x spatial..., got rank " + shape.length);
        }
        int[] out = shape.clone();
        Arrays.fill(out, 2, out.length, 1);
        return out;
    }
}
