package qmap.ops;

import qmap.ir.Node;
import qmap.ir.Tensor;
import qmap.ir.TensorType;

/**
 * SpaceToDepth: the inverse of DepthToSpace; each blocksize x blocksize spatial tile of an
 * NCHW tensor becomes channels, block offset outer (DCR, default) or inner (CRD).
 */
public final class SpaceToDepth implements Operator {
    @Override
    public Tensor[] run(Node node, Tensor[] in) {
        Tensor x = in[0];
        if (x.rank() != 4) {
            throw new IllegalArgumentException("SpaceToDepth needs a 4-D input, got rank " + x.rank());
        }
        int bs = DepthToSpace.blockSize(node);
        int n = x.dim(0);
        int c = x.dim(1);
        int h = x.dim(2);
        int w = x.dim(3);
        if (h % bs != 0 || w % bs != 0) {
            throw new IllegalArgumentException("spatial dims " + h + "x" + w + " not divisible by blocksize " + bs);
        }
        boolean crd = node.attrString("mode", "DCR").equals("CRD");
        int[] split = {n, c, h / bs, bs, w / bs, bs};
        int[] perm = crd ? new int[] {0, 1, 3, 5, 2, 4} : new int[] {0, 3, 5, 1, 2, 4};
        Tensor moved = IndexMap.transpose(split, perm).take(x);
        return new Tensor[] {moved.reshape(new int[] {n, c * bs * bs, h / bs, w / bs})};
    }

    @Override
    public TensorType[] infer(Node node, TensorType[] in, Tensor[] values) {
        TensorType x = in[0] == null ? TensorType.UNKNOWN : in[0];
        int bs = DepthToSpace.blockSize(node);
        if (!x.hasRank()) {
            return new TensorType[] {Inference.typed(x.dtype(), new int[] {-1, -1, -1, -1})};
        }
        int[] d = x.dims();
        if (d.length != 4) {
            throw new IllegalArgumentException("SpaceToDepth needs a 4-D input, got rank " + d.length);
        }
        return new TensorType[] {Inference.typed(x.dtype(), new int[] {d[0],
                DepthToSpace.scale(d[1], bs * bs, 1), DepthToSpace.scale(d[2], 1, bs), DepthToSpace.scale(d[3], 1, bs)})};
    }
}
