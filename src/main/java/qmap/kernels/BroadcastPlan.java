package qmap.kernels;

import qmap.ir.Shapes;

/**
 * Numpy broadcasting of two operands as rows: the output is {@code rows} rows of {@code length}
 * contiguous elements, along which each operand either advances (stride 1) or repeats one value
 * (stride 0). Adjacent axes that both operands walk the same way are merged first, so a
 * per-channel operand against N x C x H x W is N*C rows of H*W.
 */
final class BroadcastPlan {
    final int[] shape;
    final int rows;
    final int length;
    final boolean aRepeats;
    final boolean bRepeats;
    /** Outer (merged) extents and each operand's stride along them. */
    private final int[] outer;
    private final int[] aStrides;
    private final int[] bStrides;

    private BroadcastPlan(int[] shape, int[] dims, int[] sa, int[] sb) {
        this.shape = shape;
        int r = dims.length;
        this.length = r == 0 ? 1 : dims[r - 1];
        this.aRepeats = r > 0 && sa[r - 1] == 0;
        this.bRepeats = r > 0 && sb[r - 1] == 0;
        int outerRank = Math.max(0, r - 1);
        this.outer = java.util.Arrays.copyOf(dims, outerRank);
        this.aStrides = java.util.Arrays.copyOf(sa, outerRank);
        this.bStrides = java.util.Arrays.copyOf(sb, outerRank);
        int n = 1;
        for (int d : outer) {
            n *= d;
        }
        this.rows = n;
    }

    /** The plan for operands of shapes {@code a} and {@code b}, or null when they do not broadcast. */
    static BroadcastPlan of(int[] a, int[] b) {
        int[] out = Shapes.broadcast(a, b);
        if (out == null) {
            return null;
        }
        int[] sa = Shapes.broadcastStrides(a, out);
        int[] sb = Shapes.broadcastStrides(b, out);
        int r = 0;
        int[] dims = new int[out.length];
        int[] ma = new int[out.length];
        int[] mb = new int[out.length];
        for (int d = 0; d < out.length; d++) {
            if (out[d] == 1) {
                continue;
            }
            if (r > 0 && ma[r - 1] == sa[d] * out[d] && mb[r - 1] == sb[d] * out[d]) {
                dims[r - 1] *= out[d];
                ma[r - 1] = sa[d];
                mb[r - 1] = sb[d];
            } else {
                dims[r] = out[d];
                ma[r] = sa[d];
                mb[r] = sb[d];
                r++;
            }
        }
        return new BroadcastPlan(out, java.util.Arrays.copyOf(dims, r), java.util.Arrays.copyOf(ma, r),
                java.util.Arrays.copyOf(mb, r));
    }

    /** Where row {@code row} starts in operand A. */
    int aOffset(int row) {
        return offset(row, aStrides);
    }

    int bOffset(int row) {
        return offset(row, bStrides);
    }

    private int offset(int row, int[] strides) {
        int off = 0;
        for (int d = outer.length - 1; d >= 0; d--) {
            off += (row % outer[d]) * strides[d];
            row /= outer[d];
        }
        return off;
    }
}
