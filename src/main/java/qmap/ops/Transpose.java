package qmap.ops;

import qmap.ir.Node;
import qmap.ir.Tensor;
import qmap.ir.TensorType;

/** Transpose: output axis i is input axis {@code perm[i]} (default: the axes reversed). */
public final class Transpose implements Operator {
    @Override
    public Tensor[] run(Node node, Tensor[] in) {
        Tensor x = in[0];
        return new Tensor[] {IndexMap.transpose(x.shape(), perm(node, x.rank())).take(x)};
    }

    @Override
    public TensorType[] infer(Node node, TensorType[] in, Tensor[] values) {
        TensorType x = in[0] == null ? TensorType.UNKNOWN : in[0];
        if (!x.hasRank()) {
            long[] given = node.attrInts("perm", null);
            return new TensorType[] {Inference.typed(x.dtype(), given == null ? null : unknownDims(given.length))};
        }
        int[] perm = perm(node, x.rank());
        int[] dims = new int[perm.length];
        for (int i = 0; i < perm.length; i++) {
            dims[i] = x.dims()[perm[i]];
        }
        return new TensorType[] {Inference.typed(x.dtype(), dims)};
    }

    private static int[] unknownDims(int rank) {
        int[] dims = new int[rank];
        java.util.Arrays.fill(dims, -1);
        return dims;
    }

    private static int[] perm(Node node, int rank) {
        long[] given = node.attrInts("perm", null);
        int[] perm = new int[rank];
        if (given == null) {
            for (int i = 0; i < rank; i++) {
                perm[i] = rank - 1 - i;
            }
            return perm;
        }
        if (given.length != rank) {
            throw new IllegalArgumentException("perm has " + given.length + " entries for rank " + rank);
        }
        boolean[] used = new boolean[rank];
        for (int i = 0; i < rank; i++) {
            long p = given[i] < 0 ? given[i] + rank : given[i];
            if (p < 0 || p >= rank || used[(int) p]) {
                throw new IllegalArgumentException("perm " + java.util.Arrays.toString(given) + " is not a permutation");
            }
            used[(int) p] = true;
            perm[i] = (int) p;
        }
        return perm;
    }
}
