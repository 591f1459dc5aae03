package qmap.ops;

import java.util.Arrays;
import qmap.ir.DType;
import qmap.ir.Node;
import qmap.ir.Shapes;
import qmap.ir.Tensor;
import qmap.ir.TensorType;

/**
 * Base of the Reduce* family in canonical form: optional {@code axes} input, {@code keepdims}
 * and {@code noop_with_empty_axes} attributes. A subclass states the fold: a start value, how
 * one element joins the accumulator and how the accumulator becomes the result, for reals and
 * (where ONNX allows) integers. Reducing over an empty set yields {@code finish(initial, 0)};
 * reducing over no axes (noop_with_empty_axes) folds each element on its own, as the ONNX
 * reference does (ReduceSumSquare then squares).
 */
public abstract class Reduction implements Operator {
    protected abstract double initial();

    protected abstract double accumulate(double acc, double x);

    protected double finish(double acc, long count) {
        return acc;
    }

    protected long initialLong(DType t) {
        throw unsupported(t);
    }

    protected long accumulateLong(long acc, long x, DType t) {
        throw unsupported(t);
    }

    protected long finishLong(long acc, long count, DType t) {
        return acc;
    }

    /** Whether bool inputs are accepted (they use the integer fold). */
    protected boolean acceptsBool() {
        return false;
    }

    protected final IllegalArgumentException unsupported(DType t) {
        return new IllegalArgumentException(getClass().getSimpleName() + " does not accept " + t.onnxName());
    }

    @Override
    public Tensor[] run(Node node, Tensor[] in) {
        Tensor x = in[0];
        int[] shape = x.shape();
        boolean[] reduced = reducedAxes(node, in.length > 1 ? in[1] : null, shape.length);
        int[] keptShape = shape.clone();
        long count = 1;
        for (int d = 0; d < shape.length; d++) {
            if (reduced[d]) {
                keptShape[d] = 1;
                count *= shape[d];
            }
        }
        int[] outShape = node.attrInt("keepdims", 1) != 0 ? keptShape : dropReduced(keptShape, reduced);
        // target[i]: the output element that input element i folds into.
        int[] target = Broadcast.flatIndex(keptShape, shape);
        int outSize = Shapes.size(keptShape);
        DType t = x.dtype();
        return new Tensor[] {switch (t.storage()) {
            case FLOAT -> Tensor.of(t, outShape, toFloats(foldReals(x.floats(), null, target, outSize, count)));
            case DOUBLE -> Tensor.of(t, outShape, foldReals(null, x.doubles(), target, outSize, count));
            case LONG -> Tensor.of(t, outShape, foldIntegers(x.longs(), t, target, outSize, count));
            case STRING -> throw unsupported(t);
        }};
    }

    private double[] foldReals(float[] f, double[] d, int[] target, int outSize, long count) {
        double[] acc = new double[outSize];
        Arrays.fill(acc, initial());
        for (int i = 0; i < target.length; i++) {
            acc[target[i]] = accumulate(acc[target[i]], f != null ? f[i] : d[i]);
        }
        for (int o = 0; o < outSize; o++) {
            acc[o] = finish(acc[o], count);
        }
        return acc;
    }

    private long[] foldIntegers(long[] x, DType t, int[] target, int outSize, long count) {
        if (t == DType.BOOL && !acceptsBool()) {
            throw unsupported(t);
        }
        long[] acc = new long[outSize];
        Arrays.fill(acc, initialLong(t));
        for (int i = 0; i < target.length; i++) {
            acc[target[i]] = accumulateLong(acc[target[i]], x[i], t);
        }
        for (int o = 0; o < outSize; o++) {
            acc[o] = finishLong(acc[o], count, t);
        }
        return acc;
    }

    private static float[] toFloats(double[] v) {
        float[] out = new float[v.length];
        for (int i = 0; i < v.length; i++) {
            out[i] = (float) v[i];
        }
        return out;
    }

    /** Which axes are folded: the axes input, else all unless noop_with_empty_axes. */
    public static boolean[] reducedAxes(Node node, Tensor axes, int rank) {
        boolean[] reduced = new boolean[rank];
        if (axes == null || axes.size() == 0) {
            if (node.attrInt("noop_with_empty_axes", 0) == 0) {
                Arrays.fill(reduced, true);
            }
            return reduced;
        }
        for (long a : axes.toLongs()) {
            int d = Shapes.normalizeAxis(a, rank);
            if (reduced[d]) {
                throw new IllegalArgumentException("axis " + a + " repeated in axes");
            }
            reduced[d] = true;
        }
        return reduced;
    }

    private static int[] dropReduced(int[] dims, boolean[] reduced) {
        int n = 0;
        for (boolean r : reduced) {
            n += r ? 0 : 1;
        }
        int[] out = new int[n];
        for (int d = 0, k = 0; d < dims.length; d++) {
            if (!reduced[d]) {
                out[k++] = dims[d];
            }
        }
        return out;
    }

    @Override
    public TensorType[] infer(Node node, TensorType[] in, Tensor[] values) {
        TensorType x = in[0];
        DType t = x == null ? null : x.dtype();
        boolean keep = node.attrInt("keepdims", 1) != 0;
        boolean axesGiven = in.length > 1 && in[1] != null;
        Tensor axes = axesGiven ? values[1] : null;
        if (x == null || !x.hasRank() || axesGiven && axes == null && !keep) {
            return new TensorType[] {Inference.typed(t, null)};
        }
        int[] dims = x.dims().clone();
        if (axesGiven && axes == null) {
            // Unknown axes with keepdims: each dim either stays or becomes 1.
            for (int d = 0; d < dims.length; d++) {
                dims[d] = dims[d] == 1 ? 1 : -1;
            }
            return new TensorType[] {Inference.typed(t, dims)};
        }
        boolean[] reduced = reducedAxes(node, axes, dims.length);
        for (int d = 0; d < dims.length; d++) {
            if (reduced[d]) {
                dims[d] = 1;
            }
        }
        return new TensorType[] {Inference.typed(t, keep ? dims : dropReduced(dims, reduced))};
    }
}
