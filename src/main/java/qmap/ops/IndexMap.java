package qmap.ops;

import qmap.ir.DType;
import qmap.ir.Shapes;
import qmap.ir.Tensor;

/**
 * Data movement as an index map: output element i is input element {@code from[i]} (flat,
 * row-major), or the fill value where {@code from[i]} is -1. Transpose, Slice, Tile, Expand,
 * Pad and the depth/space ops differ only in how they build the map, so the per-type copy
 * lives here once and works for every storage kind.
 */
final class IndexMap {
    private final int[] shape;
    private final int[] from;

    private IndexMap(int[] shape, int[] from) {
        this.shape = shape;
        this.from = from;
    }

    /** Reads the input at {@code offset + sum(coord[d] * strides[d])} for each output coordinate. */
    static IndexMap strided(int[] outShape, int[] strides, int offset) {
        int n = Shapes.size(outShape);
        int rank = outShape.length;
        int[] from = new int[n];
        int[] counter = new int[rank];
        int pos = offset;
        for (int i = 0; i < n; i++) {
            from[i] = pos;
            for (int d = rank - 1; d >= 0; d--) {
                counter[d]++;
                pos += strides[d];
                if (counter[d] < outShape[d]) {
                    break;
                }
                pos -= strides[d] * counter[d];
                counter[d] = 0;
            }
        }
        return new IndexMap(outShape.clone(), from);
    }

    /** Output axis i is input axis {@code perm[i]}. */
    static IndexMap transpose(int[] inShape, int[] perm) {
        int[] inStrides = Shapes.strides(inShape);
        int[] outShape = new int[perm.length];
        int[] strides = new int[perm.length];
        for (int i = 0; i < perm.length; i++) {
            outShape[i] = inShape[perm[i]];
            strides[i] = inStrides[perm[i]];
        }
        return strided(outShape, strides, 0);
    }

    /**
     * Each axis chosen independently: output coordinate j along axis d reads input coordinate
     * {@code coords[d][j]}, or the fill value when that is -1. The output shape is given by the
     * table lengths.
     */
    static IndexMap perAxis(int[] inShape, int[][] coords) {
        int rank = inShape.length;
        int[] outShape = new int[rank];
        for (int d = 0; d < rank; d++) {
            outShape[d] = coords[d].length;
        }
        int[] inStrides = Shapes.strides(inShape);
        int n = Shapes.size(outShape);
        int[] from = new int[n];
        int[] counter = new int[rank];
        for (int i = 0; i < n; i++) {
            int pos = 0;
            for (int d = 0; d < rank && pos >= 0; d++) {
                int c = coords[d][counter[d]];
                pos = c < 0 ? -1 : pos + c * inStrides[d];
            }
            from[i] = pos;
            for (int d = rank - 1; d >= 0; d--) {
                if (++counter[d] < outShape[d]) {
                    break;
                }
                counter[d] = 0;
            }
        }
        return new IndexMap(outShape, from);
    }

    int[] shape() {
        return shape;
    }

    /** The input's elements moved by the map; unmapped elements are zero (or "" / false). */
    Tensor take(Tensor x) {
        return take(x, null);
    }

    /** The input's elements moved by the map; unmapped elements are {@code fill}'s single value. */
    Tensor take(Tensor x, Tensor fill) {
        int n = from.length;
        Object out = switch (x.dtype().storage()) {
            case FLOAT -> {
                float[] src = x.floats();
                float v = fill == null ? 0f : fill.floats()[0];
                float[] dst = new float[n];
                for (int i = 0; i < n; i++) {
                    dst[i] = from[i] < 0 ? v : src[from[i]];
                }
                yield dst;
            }
            case DOUBLE -> {
                double[] src = x.doubles();
                double v = fill == null ? 0.0 : fill.doubles()[0];
                double[] dst = new double[n];
                for (int i = 0; i < n; i++) {
                    dst[i] = from[i] < 0 ? v : src[from[i]];
                }
                yield dst;
            }
            case LONG -> {
                long[] src = x.longs();
                long v = fill == null ? 0L : fill.longs()[0];
                long[] dst = new long[n];
                for (int i = 0; i < n; i++) {
                    dst[i] = from[i] < 0 ? v : src[from[i]];
                }
                yield dst;
            }
            case STRING -> {
                String[] src = x.strings();
                String v = fill == null ? "" : fill.strings()[0];
                String[] dst = new String[n];
                for (int i = 0; i < n; i++) {
                    dst[i] = from[i] < 0 ? v : src[from[i]];
                }
                yield dst;
            }
        };
        return Tensor.wrapStorage(x.dtype(), shape, out);
    }

    /** A fresh storage array of the kind that holds {@code dtype}, for block copies. */
    static Object allocate(DType dtype, int n) {
        return switch (dtype.storage()) {
            case FLOAT -> new float[n];
            case DOUBLE -> new double[n];
            case LONG -> new long[n];
            case STRING -> new String[n];
        };
    }
}
