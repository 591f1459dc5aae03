package qmap.ops;

import qmap.ir.DType;
import qmap.ir.Node;
import qmap.ir.Tensor;
import qmap.ir.TensorType;

/**
 * Shape: the input's dims as a 1-D int64 tensor, optionally only dims [start, end) (negative
 * values count from the back; both are clamped to [0, rank]). Only the input's shape is read,
 * so the value is known whenever the input's type is static.
 */
public final class Shape implements Operator {
    @Override
    public Tensor[] run(Node node, Tensor[] in) {
        int[] dims = in[0].shape();
        int start = bound(node.attrInt("start", 0), dims.length);
        int end = node.hasAttr("end") ? bound(node.attrInt("end", 0), dims.length) : dims.length;
        int n = Math.max(0, end - start);
        long[] out = new long[n];
        for (int i = 0; i < n; i++) {
            out[i] = dims[start + i];
        }
        return new Tensor[] {Tensor.ofLongs(new int[] {n}, out)};
    }

    @Override
    public TensorType[] infer(Node node, TensorType[] in, Tensor[] values) {
        TensorType x = in[0];
        if (x == null || !x.hasRank()) {
            return new TensorType[] {Inference.typed(DType.INT64, new int[] {-1})};
        }
        int rank = x.rank();
        int start = bound(node.attrInt("start", 0), rank);
        int end = node.hasAttr("end") ? bound(node.attrInt("end", 0), rank) : rank;
        return new TensorType[] {TensorType.of(DType.INT64, Math.max(0, end - start))};
    }

    private static int bound(long v, int rank) {
        long a = v < 0 ? v + rank : v;
        return (int) Math.max(0, Math.min(rank, a));
    }
}
