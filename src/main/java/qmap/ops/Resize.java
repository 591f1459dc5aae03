package qmap.ops;

import java.util.Arrays;

import qmap.ir.DType;
import qmap.ir.Node;
import qmap.ir.Tensor;
import qmap.ir.TensorType;

/**
 * Resize (opset 19+ form; older Resize and Upsample are canonicalized to it): inputs X, roi,
 * scales, sizes; modes nearest, linear and cubic over any number of axes. Interpolation is
 * separable, so linear and cubic resample one axis at a time in double precision; nearest
 * gathers from the input directly and so works for every element type. An axis whose scale
 * is exactly 1 is left as it is, as ONNX Runtime does.
 */
public final class Resize implements Operator {
    @Override
    public Tensor[] run(Node node, Tensor[] in) {
        Tensor x = in[0];
        int rank = x.rank();
        if (rank == 0) {
            throw new IllegalArgumentException("Resize needs an input of rank 1 or more");
        }
        ResizePlan plan = ResizePlan.of(node, x.shape(), given(in, 2), given(in, 3));
        CoordinateTransformation transform =
                CoordinateTransformation.of(node.attrString("coordinate_transformation_mode", "half_pixel"));
        float[] roi = roi(given(in, 1), plan.axes(), rank, transform);
        String mode = node.attrString("mode", "nearest");
        boolean antialias = node.attrInt("antialias", 0) != 0;
        if (mode.equals("nearest")) {
            if (antialias) {
                throw new IllegalArgumentException("antialias is not defined for mode 'nearest'");
            }
            return new Tensor[] {NearestNeighbor.resize(x, plan, transform, node.attrString("nearest_mode", "round_prefer_floor"),
                    roi, node.attrFloat("extrapolation_value", 0f))};
        }
        ResizeSampling.Kernel kernel = switch (mode) {
            case "linear" -> ResizeSampling.linear();
            case "cubic" -> ResizeSampling.cubic(node.attrFloat("cubic_coeff_a", -0.75f));
            default -> throw new IllegalArgumentException("unknown mode '" + mode + "'");
        };
        if (x.dtype() == DType.BOOL || x.dtype() == DType.STRING) {
            throw new IllegalArgumentException("mode '" + mode + "' does not accept " + x.dtype().onnxName());
        }
        boolean excludeOutside = node.attrInt("exclude_outside", 0) != 0;
        double extrapolation = node.attrFloat("extrapolation_value", 0f);
        double[] data = x.toDoubles();
        int[] shape = x.shape().clone();
        boolean float32 = x.dtype() != DType.DOUBLE;
        int[] axes = plan.axes();
        // Innermost axis first, the order of ONNX Runtime's separable kernels.
        for (int k = axes.length - 1; k >= 0; k--) {
            int d = axes[k];
            if (plan.scales()[d] == 1f) {
                continue;
            }
            int outLength = plan.outDims()[d];
            ResizeSampling table = ResizeSampling.of(kernel, antialias, excludeOutside, transform,
                    plan.scales()[d], outLength, shape[d], roi[d], roi[rank + d]);
            data = table.apply(data, shape, d, outLength, extrapolation, float32);
            shape[d] = outLength;
        }
        return new Tensor[] {saturate(x.dtype(), shape, data)};
    }

    /**
     * The taps of a plain bilinear Resize of an N x C x H x W input's last two axes (mode
     * linear, no antialias, not tf_crop_and_resize, scales of 1 on N and C): per output row and
     * per output column two input indices and their float32 weights, exactly those {@link #run}
     * applies (rows null when the height's scale is 1, which run leaves as it is; likewise
     * columns). Null for any other Resize.
     */
    public record Bilinear(int outHeight, int outWidth, int[] rowIndex, float[] rowWeight, int[] colIndex,
                           float[] colWeight) {
    }

    /** {@link Bilinear} for this node and inputs, or null when it is not one. */
    public static Bilinear bilinear(Node node, Tensor[] in) {
        Tensor x = in[0];
        if (x.rank() != 4 || !node.attrString("mode", "nearest").equals("linear") || node.attrInt("antialias", 0) != 0) {
            return null;
        }
        CoordinateTransformation transform =
                CoordinateTransformation.of(node.attrString("coordinate_transformation_mode", "half_pixel"));
        if (transform == CoordinateTransformation.TF_CROP_AND_RESIZE) {
            return null;
        }
        ResizePlan plan = ResizePlan.of(node, x.shape(), given(in, 2), given(in, 3));
        if (plan.scales()[0] != 1f || plan.scales()[1] != 1f) {
            return null;
        }
        ResizeSampling rows = taps(plan, transform, 2, x.dim(2));
        ResizeSampling cols = taps(plan, transform, 3, x.dim(3));
        return new Bilinear(plan.outDims()[2], plan.outDims()[3], rows == null ? null : rows.index,
                rows == null ? null : floats(rows.weight), cols == null ? null : cols.index,
                cols == null ? null : floats(cols.weight));
    }

    private static ResizeSampling taps(ResizePlan plan, CoordinateTransformation transform, int axis, int inLength) {
        if (plan.scales()[axis] == 1f) {
            return null;
        }
        return ResizeSampling.of(ResizeSampling.linear(), false, false, transform, plan.scales()[axis],
                plan.outDims()[axis], inLength, 0f, 1f);
    }

    /** The weights, float32 values held in doubles, as floats. */
    private static float[] floats(double[] v) {
        float[] f = new float[v.length];
        for (int i = 0; i < v.length; i++) {
            f[i] = (float) v[i];
        }
        return f;
    }

    /** Input i when given and non-empty (an empty scales or roi tensor means absent). */
    private static Tensor given(Tensor[] in, int i) {
        return i < in.length && in[i] != null && in[i].size() > 0 ? in[i] : null;
    }

    /** Start and end per axis (rank starts, then rank ends); only tf_crop_and_resize reads it. */
    static float[] roi(Tensor roi, int[] axes, int rank, CoordinateTransformation transform) {
        float[] full = new float[2 * rank];
        Arrays.fill(full, rank, 2 * rank, 1f);
        if (transform != CoordinateTransformation.TF_CROP_AND_RESIZE) {
            return full;
        }
        if (roi == null) {
            throw new IllegalArgumentException("tf_crop_and_resize needs the roi input");
        }
        float[] given = roi.toFloats();
        if (given.length != 2 * axes.length) {
            throw new IllegalArgumentException("roi has " + given.length + " values, expected " + 2 * axes.length);
        }
        for (int i = 0; i < axes.length; i++) {
            full[axes[i]] = given[i];
            full[rank + axes[i]] = given[axes.length + i];
        }
        return full;
    }

    /**
     * Integer outputs truncate toward zero and saturate, as ONNX Runtime's 8-bit bilinear
     * kernel casts its float result (the ONNX reference rounds half to even instead).
     */
    private static Tensor saturate(DType t, int[] shape, double[] v) {
        if (t.storage() != DType.Storage.LONG) {
            return Tensor.fromDoubles(t, shape, v);
        }
        long[] out = new long[v.length];
        for (int i = 0; i < v.length; i++) {
            double r = v[i] < 0 ? Math.ceil(v[i]) : Math.floor(v[i]);
            out[i] = r <= t.minValue() ? t.minValue() : r >= t.maxValue() ? t.maxValue() : (long) r;
        }
        return Tensor.of(t, shape, out);
    }

    @Override
    public TensorType[] infer(Node node, TensorType[] in, Tensor[] values) {
        TensorType x = in[0];
        DType t = x == null ? null : x.dtype();
        if (x == null || !x.hasRank()) {
            return new TensorType[] {Inference.typed(t, null)};
        }
        Tensor scales = constant(in, values, 2);
        Tensor sizes = constant(in, values, 3);
        if (scales == null && sizes == null) {
            int[] dims = x.dims().clone();
            for (int d : ResizePlan.axes(node, dims.length)) {
                dims[d] = -1;
            }
            return new TensorType[] {Inference.typed(t, dims)};
        }
        return new TensorType[] {Inference.typed(t, ResizePlan.of(node, x.dims(), scales, sizes).outDims())};
    }

    private static Tensor constant(TensorType[] in, Tensor[] values, int i) {
        return i < values.length && values[i] != null && values[i].size() > 0 ? values[i] : null;
    }
}
