package qmap.ops;

import qmap.ir.Shapes;
import qmap.ir.Tensor;

/**
 * Index mapping for numpy-style broadcasting of two inputs to one output: for each output
 * element, the flat index into each input.
 */
public final class Broadcast {
    private final int[] outShape;
    private final int[] indexA;
    private final int[] indexB;

    private Broadcast(int[] outShape, int[] indexA, int[] indexB) {
        this.outShape = outShape;
        this.indexA = indexA;
        this.indexB = indexB;
    }

    public static Broadcast of(Tensor a, Tensor b) {
        return of(a.shape(), b.shape());
    }

    public static Broadcast of(int[] a, int[] b) {
        int[] out = Shapes.broadcast(a, b);
        if (out == null) {
            throw new IllegalArgumentException("shapes " + Shapes.format(a) + " and " + Shapes.format(b)
                    + " do not broadcast");
        }
        return new Broadcast(out, flatIndex(a, out), flatIndex(b, out));
    }

    /** For every element of {@code out}, the flat index of the element of {@code in} it reads. */
    public static int[] flatIndex(int[] in, int[] out) {
        int n = Shapes.size(out);
        int[] idx = new int[n];
        int[] strides = Shapes.broadcastStrides(in, out);
        int rank = out.length;
        int[] counter = new int[rank];
        int pos = 0;
        for (int i = 0; i < n; i++) {
            idx[i] = pos;
            for (int d = rank - 1; d >= 0; d--) {
                counter[d]++;
                pos += strides[d];
                if (counter[d] < out[d]) {
                    break;
                }
                pos -= strides[d] * counter[d];
                counter[d] = 0;
            }
        }
        return idx;
    }

    public int[] shape() {
        return outShape;
    }

    public int size() {
        return indexA.length;
    }

    public int a(int i) {
        return indexA[i];
    }

    public int b(int i) {
        return indexB[i];
    }
}
