package qmap.ops;

import java.util.Arrays;
import qmap.ir.Node;
import qmap.ir.Shapes;
import qmap.ir.Tensor;

/**
 * What a Resize does to each axis: the resized axes (the {@code axes} attribute, else all), the
 * float32 scale per axis (1 elsewhere) and the output dims. Computed as ONNX Runtime does:
 * from scales, out = trunc(scale * in) in float32; from sizes, scale = out / in in float32,
 * with keep_aspect_ratio_policy choosing one scale for all resized axes. Unknown input dims
 * (-1, during inference) give unknown output dims.
 */
record ResizePlan(int[] axes, float[] scales, int[] outDims) {
    static ResizePlan of(Node node, int[] inDims, Tensor scalesIn, Tensor sizesIn) {
        int rank = inDims.length;
        int[] axes = axes(node, rank);
        float[] scales = new float[rank];
        Arrays.fill(scales, 1f);
        int[] out = inDims.clone();
        if (sizesIn != null) {
            long[] sizes = sizesIn.toLongs();
            requireLength("sizes", sizes.length, axes.length);
            for (int i = 0; i < axes.length; i++) {
                int d = axes[i];
                out[d] = Math.toIntExact(sizes[i]);
                scales[d] = inDims[d] == 0 ? 1f : (float) out[d] / (float) inDims[d];
            }
            keepAspectRatio(node.attrString("keep_aspect_ratio_policy", "stretch"), axes, inDims, scales, out);
        } else if (scalesIn != null) {
            float[] given = scalesIn.toFloats();
            requireLength("scales", given.length, axes.length);
            for (int i = 0; i < axes.length; i++) {
                int d = axes[i];
                if (!(given[i] > 0)) {
                    throw new IllegalArgumentException("scale " + given[i] + " for axis " + d + " is not positive");
                }
                scales[d] = given[i];
                out[d] = inDims[d] < 0 ? -1 : (int) (given[i] * (float) inDims[d]);
            }
        } else {
            throw new IllegalArgumentException("Resize needs a non-empty scales or sizes input");
        }
        return new ResizePlan(axes, scales, out);
    }

    /** The resized axes: the {@code axes} attribute normalized, else every axis. */
    static int[] axes(Node node, int rank) {
        long[] given = node.attrInts("axes", null);
        if (given == null) {
            int[] all = new int[rank];
            for (int d = 0; d < rank; d++) {
                all[d] = d;
            }
            return all;
        }
        int[] axes = new int[given.length];
        boolean[] seen = new boolean[rank];
        for (int i = 0; i < given.length; i++) {
            axes[i] = Shapes.normalizeAxis(given[i], rank);
            if (seen[axes[i]]) {
                throw new IllegalArgumentException("axis " + given[i] + " repeated in axes");
            }
            seen[axes[i]] = true;
        }
        return axes;
    }

    private static void keepAspectRatio(String policy, int[] axes, int[] inDims, float[] scales, int[] out) {
        if (policy.equals("stretch")) {
            return;
        }
        boolean larger = switch (policy) {
            case "not_larger" -> false;
            case "not_smaller" -> true;
            default -> throw new IllegalArgumentException("unknown keep_aspect_ratio_policy '" + policy + "'");
        };
        float scale = larger ? 0f : Float.MAX_VALUE;
        boolean known = true;
        for (int d : axes) {
            known &= inDims[d] >= 0;
            scale = larger ? Math.max(scale, scales[d]) : Math.min(scale, scales[d]);
        }
        for (int d : axes) {
            scales[d] = scale;
            out[d] = known ? Math.round(scale * (float) inDims[d]) : -1;
        }
    }

    private static void requireLength(String what, int length, int axes) {
        if (length != axes) {
            throw new IllegalArgumentException(what + " has " + length + " values for " + axes + " resized axes");
        }
    }
}
