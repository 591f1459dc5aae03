package qmap.quant.integer;

import java.util.concurrent.ForkJoinPool;
import qmap.ir.DType;
import qmap.ir.Node;
import qmap.ir.Tensor;
import qmap.ir.TensorType;
import qmap.kernels.ByteCodes;
import qmap.kernels.FusedBody;
import qmap.kernels.Parallel;
import qmap.ops.Operator;
import qmap.ops.Workspace;

/**
 * Where an 8-bit model input enters the integer graph through its float preprocessing ({@link
 * IntegerFusion}): Cast to float, an optional Transpose (NHWC to NCHW) and after it an optional
 * Gather of channels (BGR to RGB), elementwise arithmetic
 * with constants of one value or one per channel (the mean and scale of the input's
 * normalization), then Quantize. Every output code is a function of one input byte and its
 * channel, so the whole chain is one pass that reads each byte where the Transpose would move it
 * and looks its code up in the channel's table (made by running the chain's own operators on
 * every byte value, so its bits are theirs). On the detector's 640 x 640 x 3 input this replaces
 * four passes over float arrays. Execution only; any other input runs the nodes one by one.
 */
final class QTransposeLut implements Operator {
    private static final int VALUES = ValueTable.SIZE;
    /** Pixels per parallel task of an image's look-up. */
    private static final int PIECE = 1 << 15;

    private final DType in;
    private final int[] inShape;
    private final int[] perm;
    /** Which transposed channel each output channel reads (a Gather on axis 1, BGR to RGB), or null. */
    private final int[] channels;
    private final ValueTable table;
    private final FusedBody body;

    /**
     * @param perm the Transpose's permutation (the identity when there is none)
     * @param channels the channels a Gather on axis 1 after an NHWC-to-NCHW Transpose takes, or null
     * @param table the codes, one table per channel of the transposed tensor's axis 1, or one for all
     */
    QTransposeLut(DType in, int[] inShape, int[] perm, int[] channels, ValueTable table, FusedBody body) {
        this.in = in;
        this.inShape = inShape.clone();
        this.perm = perm.clone();
        this.channels = channels == null ? null : channels.clone();
        this.table = table;
        this.body = body;
    }

    @Override
    public Tensor[] run(Node node, Tensor[] args) {
        return run(node, args, Workspace.SERIAL);
    }

    @Override
    public Tensor[] run(Node node, Tensor[] args, Workspace workspace) {
        Tensor x = args[0];
        if (x.dtype() != in || !java.util.Arrays.equals(x.shape(), inShape)
                || table.out().bits() != 8) {
            return new Tensor[] {body.run(node.inputs(), args, workspace)};
        }
        int rank = inShape.length;
        int[] outShape = new int[rank];
        int[] inStride = new int[rank];
        for (int d = rank - 1, s = 1; d >= 0; s *= inShape[d], d--) {
            inStride[d] = s;
        }
        int[] step = new int[rank];
        for (int d = 0; d < rank; d++) {
            outShape[d] = inShape[perm[d]];
            step[d] = inStride[perm[d]];
        }
        byte[] xb = x.bytes();
        long[] xl = xb == null ? x.longs() : null;
        byte[] t = table.bytes();
        if (channels != null) {
            outShape[1] = channels.length;
        }
        byte[] y = workspace.bytes(qmap.ir.Shapes.size(outShape));
        int min = (int) in.minValue();
        boolean perChannel = table.channels() > 1;
        if (rank == 4 && perm[0] == 0 && perm[1] == 3 && perm[2] == 1 && perm[3] == 2) {
            channelsFirst(xb, xl, inShape, channels, perChannel, t, min, y, workspace.pool());
            return new Tensor[] {Tensor.ofBytes(table.out(), outShape, y)};
        }
        int last = rank - 1;
        int inner = outShape[last];
        int innerStep = step[last];
        int[] at = new int[rank];
        int rows = y.length / Math.max(1, inner);
        for (int r = 0, o = 0; r < rows; r++) {
            int src = 0;
            for (int d = 0; d < last; d++) {
                src += at[d] * step[d];
            }
            int base = perChannel ? at[1] * VALUES : 0;
            if (xb != null) {
                for (int k = 0; k < inner; k++, src += innerStep) {
                    y[o++] = t[base + ((xb[src] - min) & 0xFF)];
                }
            } else {
                // codes a caller made as longs (a model input): read in place, not narrowed first
                for (int k = 0; k < inner; k++, src += innerStep) {
                    y[o++] = t[base + (((int) xl[src] - min) & 0xFF)];
                }
            }
            for (int d = last - 1; d >= 0 && ++at[d] == outShape[d]; d--) {
                at[d] = 0;
            }
        }
        return new Tensor[] {Tensor.ofBytes(table.out(), outShape, y)};
    }

    /**
     * N x H x W x C to N x C' x H x W, looked up: output channel c is input channel
     * {@code taken[c]} (c itself when taken is null), read with a stride of C and written as
     * one sequential plane.
     */
    private static void channelsFirst(byte[] xb, long[] xl, int[] nhwc, int[] taken, boolean perChannel, byte[] t,
                                      int min, byte[] y, ForkJoinPool pool) {
        int c = nhwc[3];
        int outChannels = taken == null ? c : taken.length;
        int plane = nhwc[1] * nhwc[2];
        if (c == 3 && xb != null && min == 0 && (taken == null || taken.length == 3)) {
            pixels3(xb, nhwc[0], plane, taken == null ? new int[] {0, 1, 2} : taken, perChannel, t, y, pool);
            return;
        }
        for (int n = 0; n < nhwc[0]; n++) {
            int image = n * plane * c;
            for (int ch = 0; ch < outChannels; ch++) {
                int base = perChannel ? ch * VALUES : 0;
                int out = (n * outChannels + ch) * plane;
                int src = image + (taken == null ? ch : taken[ch]);
                if (xb != null) {
                    for (int p = 0; p < plane; p++) {
                        y[out + p] = t[base + ((xb[src + p * c] - min) & 0xFF)];
                    }
                } else {
                    for (int p = 0; p < plane; p++) {
                        y[out + p] = t[base + (((int) xl[src + p * c] - min) & 0xFF)];
                    }
                }
            }
        }
    }

    /**
     * Three uint8 channels (an image), pixel by pixel: the input read in order, three output
     * planes written in order. Measured on a 255 x 255 x 3 input: 1.5 ns per value, against 3 ns
     * reading each channel with a stride of three. Pieces of the image run on the pool's threads.
     */
    private static void pixels3(byte[] xb, int images, int plane, int[] taken, boolean perChannel, byte[] t,
                                byte[] y, ForkJoinPool pool) {
        int a = taken[0];
        int b = taken[1];
        int c = taken[2];
        int pieces = Parallel.chunks(plane, PIECE);
        int piece = (plane + pieces - 1) / pieces;
        Parallel.forEach(pool, images * pieces, task -> {
            // each channel's table as a copy C2 knows is 256 long: no bounds check per look-up
            byte[] t0 = ByteCodes.table(t, 0);
            byte[] t1 = ByteCodes.table(t, perChannel ? VALUES : 0);
            byte[] t2 = ByteCodes.table(t, perChannel ? 2 * VALUES : 0);
            int n = task / pieces;
            int from = (task % pieces) * piece;
            int to = Math.min(plane, from + piece);
            int out = n * 3 * plane;
            for (int p = from, src = n * 3 * plane + 3 * from; p < to; p++, src += 3) {
                y[out + p] = t0[xb[src + a] & 0xFF];
                y[out + plane + p] = t1[xb[src + b] & 0xFF];
                y[out + 2 * plane + p] = t2[xb[src + c] & 0xFF];
            }
        });
    }

    @Override
    public TensorType[] infer(Node node, TensorType[] types, Tensor[] values) {
        throw new UnsupportedOperationException("fused nodes exist only in execution plans");
    }
}
