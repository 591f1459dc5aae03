package qmap.ir;

import java.util.Arrays;

/** Small facts about shapes as {@code int[]}: sizes, strides, broadcasting, axis normalization. */
public final class Shapes {
    private Shapes() {
    }

    public static int size(int[] shape) {
        long n = 1;
        for (int d : shape) {
            n *= d;
        }
        if (n > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("tensor too large: " + Arrays.toString(shape));
        }
        return (int) n;
    }

    /** Row-major strides in elements. */
    public static int[] strides(int[] shape) {
        int[] s = new int[shape.length];
        int acc = 1;
        for (int i = shape.length - 1; i >= 0; i--) {
            s[i] = acc;
            acc *= shape[i];
        }
        return s;
    }

    /** Numpy-style broadcast of two shapes; null when they do not broadcast. */
    public static int[] broadcast(int[] a, int[] b) {
        int rank = Math.max(a.length, b.length);
        int[] out = new int[rank];
        for (int i = 0; i < rank; i++) {
            int da = i - (rank - a.length) >= 0 ? a[i - (rank - a.length)] : 1;
            int db = i - (rank - b.length) >= 0 ? b[i - (rank - b.length)] : 1;
            if (da == db || db == 1) {
                out[i] = da;
            } else if (da == 1) {
                out[i] = db;
            } else {
                return null;
            }
        }
        return out;
    }

    /**
     * Strides for reading a tensor of shape {@code in} as if broadcast to {@code out}: 0 along
     * broadcast axes. {@code in} is right-aligned against {@code out}.
     */
    public static int[] broadcastStrides(int[] in, int[] out) {
        int[] inStrides = strides(in);
        int[] s = new int[out.length];
        int offset = out.length - in.length;
        for (int i = 0; i < in.length; i++) {
            s[i + offset] = in[i] == 1 && out[i + offset] != 1 ? 0 : inStrides[i];
        }
        return s;
    }

    /** Axis in [0, rank) from an ONNX axis that may be negative. */
    public static int normalizeAxis(long axis, int rank) {
        long a = axis < 0 ? axis + rank : axis;
        if (a < 0 || a >= Math.max(rank, 1)) {
            throw new IllegalArgumentException("axis " + axis + " out of range for rank " + rank);
        }
        return (int) a;
    }

    public static String format(int[] shape) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < shape.length; i++) {
            if (i > 0) {
                sb.append('x');
            }
            sb.append(shape[i]);
        }
        return shape.length == 0 ? "scalar" : sb.toString();
    }
}
