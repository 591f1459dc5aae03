package qmap.ops;

import qmap.ir.Shapes;
import qmap.ir.Tensor;

/**
 * Index mapping for numpy-style broadcasting of several inputs to one output: for each output
 * element, the flat index into each input.
 */
public final class Broadcast {
    private final int[] outShape;
    private final int[][] index;

    private Broadcast(int[] outShape, int[][] index) {
        this.outShape = outShape;
        this.index = index;
    }

    public static Broadcast of(Tensor... inputs) {
        int[][] shapes = new int[inputs.length][];
        for (int k = 0; k < inputs.length; k++) {
            shapes[k] = inputs[k].shape();
        }
        return of(shapes);
    }

    public static Broadcast of(int[]... shapes) {
        int[] out = shapes[0];
        for (int k = 1; k < shapes.length && out != null; k++) {
            out = Shapes.broadcast(out, shapes[k]);
        }
        if (out == null) {
            StringBuilder s = new StringBuilder("shapes");
            for (int k = 0; k < shapes.length; k++) {
                s.append(k == 0 ? " " : ", ").append(Shapes.format(shapes[k]));
            }
            throw new IllegalArgumentException(s.append(" do not broadcast").toString());
        }
        int[][] index = new int[shapes.length][];
        for (int k = 0; k < shapes.length; k++) {
            index[k] = flatIndex(shapes[k], out);
        }
        return new Broadcast(out, index);
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
        return index[0].length;
    }

    /** The flat index into input {@code k} of output element {@code i}. */
    public int index(int k, int i) {
        return index[k][i];
    }

    public int a(int i) {
        return index[0][i];
    }

    public int b(int i) {
        return index[1][i];
    }
}
