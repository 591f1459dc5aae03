package qmap.ops;

import qmap.ir.Shapes;
import qmap.ir.Tensor;

/**
 * Resize in mode nearest: every output element copies one input element (or takes the
 * extrapolation value outside a tf_crop_and_resize crop), so it is a gather that works for any
 * element type and keeps values exact. The pixel choice follows ONNX Runtime's float32 rules.
 */
final class NearestNeighbor {
    private NearestNeighbor() {
    }

    static Tensor resize(Tensor x, ResizePlan plan, CoordinateTransformation transform, String nearestMode,
                         float[] roi, float extrapolation) {
        int[] inDims = x.shape();
        int rank = inDims.length;
        int[] outDims = plan.outDims();
        int[] strides = Shapes.strides(inDims);
        // offset[d][j]: flat input offset contributed by output index j along axis d; -1 outside the crop.
        int[][] offset = new int[rank][];
        for (int d = 0; d < rank; d++) {
            offset[d] = new int[outDims[d]];
            float scale = plan.scales()[d];
            for (int j = 0; j < outDims[d]; j++) {
                int i = scale == 1f ? j
                        : pixel(transform, nearestMode, j, scale, outDims[d], inDims[d], roi[d], roi[rank + d]);
                offset[d][j] = i < 0 ? -1 : i * strides[d];
            }
        }
        int n = Shapes.size(outDims);
        int[] source = new int[n];
        int[] counter = new int[rank];
        for (int k = 0; k < n; k++) {
            int at = 0;
            for (int d = 0; d < rank && at >= 0; d++) {
                at = offset[d][counter[d]] < 0 ? -1 : at + offset[d][counter[d]];
            }
            source[k] = at;
            for (int d = rank - 1; d >= 0 && ++counter[d] == outDims[d]; d--) {
                counter[d] = 0;
            }
        }
        return gather(x, outDims, source, extrapolation);
    }

    /** The input index read for output index j, or -1 when it lies outside the crop. */
    private static int pixel(CoordinateTransformation transform, String mode, int j, float scale, int outLength,
                             int inLength, float roiStart, float roiEnd) {
        float c = transform.source(j, scale, outLength, inLength, roiStart, roiEnd);
        if (transform == CoordinateTransformation.TF_CROP_AND_RESIZE && (c < 0 || c > inLength - 1)) {
            return -1;
        }
        long i = switch (mode) {
            // Negative coordinates clamp to 0 below, so rounding them either way is the same.
            case "round_prefer_floor" -> c == (long) c + 0.5f ? (long) Math.floor(c) : Math.round(c);
            case "round_prefer_ceil" -> Math.round(c);
            case "floor" -> (long) Math.floor(c);
            case "ceil" -> (long) Math.ceil(c);
            default -> throw new IllegalArgumentException("unknown nearest_mode '" + mode + "'");
        };
        return (int) Math.max(0, Math.min(inLength - 1, i));
    }

    private static Tensor gather(Tensor x, int[] outDims, int[] source, float extrapolation) {
        int n = source.length;
        switch (x.dtype().storage()) {
            case FLOAT -> {
                float[] in = x.floats();
                float[] out = new float[n];
                for (int k = 0; k < n; k++) {
                    out[k] = source[k] < 0 ? extrapolation : in[source[k]];
                }
                return Tensor.of(x.dtype(), outDims, out);
            }
            case DOUBLE -> {
                double[] in = x.doubles();
                double[] out = new double[n];
                for (int k = 0; k < n; k++) {
                    out[k] = source[k] < 0 ? extrapolation : in[source[k]];
                }
                return Tensor.of(x.dtype(), outDims, out);
            }
            case LONG -> {
                long[] in = x.longs();
                long[] out = new long[n];
                for (int k = 0; k < n; k++) {
                    out[k] = source[k] < 0 ? (long) extrapolation : in[source[k]];
                }
                return Tensor.of(x.dtype(), outDims, out);
            }
            default -> {
                String[] in = x.strings();
                String[] out = new String[n];
                for (int k = 0; k < n; k++) {
                    out[k] = source[k] < 0 ? "" : in[source[k]];
                }
                return Tensor.ofStrings(outDims, out);
            }
        }
    }
}
