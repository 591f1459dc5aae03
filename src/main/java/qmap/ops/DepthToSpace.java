package qmap.ops;

import qmap.ir.Node;
import qmap.ir.Tensor;
import qmap.ir.TensorType;

/**
 * DepthToSpace: moves channel blocks of an NCHW tensor into blocksize x blocksize spatial
 * tiles. DCR mode (default) takes the block offset from the outer channel index, CRD from the
 * inner one (PixelShuffle).
 */
public final class DepthToSpace implements Operator {
    @Override
    public Tensor[] run(Node node, Tensor[] in) {
        Tensor x = in[0];
        if (x.rank() != 4) {
            throw new IllegalArgumentException("DepthToSpace needs a 4-D input, got rank " + x.rank());
        }
        int bs = blockSize(node);
        int n = x.dim(0);
        int c = x.dim(1);
        int h = x.dim(2);
        int w = x.dim(3);
        if (c % (bs * bs) != 0) {
            throw new IllegalArgumentException("channels " + c + " not divisible by blocksize^2 = " + bs * bs);
        }
        int oc = c / (bs * bs);
        boolean crd = node.attrString("mode", "DCR").equals("CRD");
        int[] split = crd ? new int[] {n, oc, bs, bs, h, w} : new int[] {n, bs, bs, oc, h, w};
        int[] perm = crd ? new int[] {0, 1, 4, 2, 5, 3} : new int[] {0, 3, 4, 1, 5, 2};
        Tensor moved = IndexMap.transpose(split, perm).take(x);
        return new Tensor[] {moved.reshape(new int[] {n, oc, h * bs, w * bs})};
    }

    @Override
    public TensorType[] infer(Node node, TensorType[] in, Tensor[] values) {
        TensorType x = in[0] == null ? TensorType.UNKNOWN : in[0];
        int bs = blockSize(node);
        if (!x.hasRank()) {
            return new TensorType[] {Inference.typed(x.dtype(), new int[] {-1, -1, -1, -1})};
        }
        int[] d = x.dims();
        if (d.length != 4) {
            throw new IllegalArgumentException("DepthToSpace needs a 4-D input, got rank " + d.length);
        }
        return new TensorType[] {Inference.typed(x.dtype(),
                new int[] {d[0], scale(d[1], 1, bs * bs), scale(d[2], bs, 1), scale(d[3], bs, 1)})};
    }

    static int blockSize(Node node) {
        long bs = node.attrInt("blocksize", 0);
        if (bs <= 0 || bs > 1 << 15) {
            throw new IllegalArgumentException("blocksize must be positive, got " + bs);
        }
        return (int) bs;
    }

    /** dim * mul / div, or -1 for an unknown dim. */
    static int scale(int dim, int mul, int div) {
        return dim < 0 ? -1 : dim * mul / div;
    }
}
