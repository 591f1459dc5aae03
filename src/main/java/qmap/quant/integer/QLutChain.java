package qmap.quant.integer;

import java.util.Arrays;
import qmap.ir.Node;
import qmap.ir.Tensor;
import qmap.ir.TensorType;
import qmap.kernels.ByteCodes;
import qmap.kernels.CodeSpans;
import qmap.kernels.FusedBody;
import qmap.ops.Operator;
import qmap.ops.Workspace;

/**
 * A chain of integer nodes as one look-up pass over x ({@link IntegerFusion}): one table, or
 * one per channel made from this run's per-channel tensors. Inputs: x, then the per-channel
 * tensors. Execution only; inputs other than the plan expected (x of one value, another type
 * or shape) run the nodes one by one.
 *
 * <p>With a residual ({@link #withResidual}), the chain's output is then added to another 8-bit
 * tensor of its shape by the float-mode QAdd that alone reads it, each piece as soon as it is
 * looked up ({@link QAdd.Spans}); that tensor is the last input.
 */
final class QLutChain implements Operator {
    private static final int VALUES = 256;
    /** Values per channel from which a run's per-channel tables pay for themselves (measured on det's SE blocks). */
    private static final int MIN_PER_CHANNEL = 8 * VALUES;

    private final ChainTables tables;
    private final FusedBody body;
    /** The QAdd the chain's output goes to, or null; the chain's output is its input {@code side}. */
    private final Node add;
    private final int side;

    QLutChain(ChainTables tables, FusedBody body) {
        this(tables, body, null, 0);
    }

    private QLutChain(ChainTables tables, FusedBody body, Node add, int side) {
        this.tables = tables;
        this.body = body;
        this.add = add;
        this.side = side;
    }

    /** This chain, then {@code add} (run by {@code addOp}) of its output, input {@code side} of the add, and a last input. */
    QLutChain withResidual(Node add, Operator addOp, int side) {
        return new QLutChain(tables, body.plus(add, addOp), add, side);
    }

    @Override
    public Tensor[] run(Node node, Tensor[] in) {
        return run(node, in, Workspace.SERIAL);
    }

    @Override
    public Tensor[] run(Node node, Tensor[] in, Workspace workspace) {
        Tensor x = in[0];
        int channels = tables.channels();
        Tensor other = add == null ? null : in[in.length - 1];
        Tensor[] chainIn = add == null ? in : Arrays.copyOf(in, in.length - 1);
        // per-channel tables cost a run of the chain over 256 values per channel: below a few
        // times that many values per channel, running the nodes one by one is cheaper
        if (!fits(chainIn, channels) || chainIn.length > 1 && x.size() / channels < MIN_PER_CHANNEL
                || other != null && (other.bytes() == null || !Arrays.equals(other.shape(), x.shape()))) {
            return new Tensor[] {body.run(node.inputs(), in, workspace)};
        }
        ValueTable table = chainIn.length > 1 ? tables.evaluate(Arrays.copyOfRange(chainIn, 1, chainIn.length))
                : tables.constant();
        int n = x.size();
        int block = n / channels;
        int min = (int) x.dtype().minValue();
        byte[] xb = x.bytes();
        if (xb != null && table.out().bits() == 8) {
            // byte in, byte out: (b - min) & 0xFF is the value's place for int8 and uint8 alike
            byte[] y = workspace.bytes(n);
            ByteCodes.lookUpBlocks(workspace.pool(), xb, min, table.bytes(), channels, block, y, residual(table, other));
            return new Tensor[] {Tensor.ofBytes(add == null ? table.out() : IntegerTensors.outputType(add), x.shape(), y)};
        }
        if (add != null) {
            return new Tensor[] {body.run(node.inputs(), in, workspace)};
        }
        long[] t = table.values();
        long[] xv = x.longs();
        long[] y = workspace.longs(n);
        for (int c = 0, i = 0; c < channels; c++) {
            int base = c * VALUES - min;
            for (int end = i + block; i < end; i++) {
                y[i] = t[base + (int) xv[i]];
            }
        }
        return new Tensor[] {Tensor.ofInRange(table.out(), x.shape(), y)};
    }

    /** The add of each looked-up piece to other's codes there, in place; null without a residual. */
    private CodeSpans residual(ValueTable table, Tensor other) {
        return add == null ? null : QAdd.Spans.residual(add, side, table.out(), other);
    }

    /** x of the planned type, holding more than one value per channel; per-channel tensors of its channels. */
    private boolean fits(Tensor[] in, int channels) {
        Tensor x = in[0];
        if (x.dtype() != tables.in() || x.size() <= channels || channels > 1 && (x.rank() < 2 || x.dim(0) != 1
                || x.dim(1) != channels)) {
            return false;
        }
        for (int i = 1; i < in.length; i++) {
            if (x.dim(0) != 1 || in[i].size() != channels || in[i].rank() != x.rank() || in[i].dim(1) != channels) {
                return false;
            }
        }
        return true;
    }

    @Override
    public TensorType[] infer(Node node, TensorType[] in, Tensor[] values) {
        throw new UnsupportedOperationException("fused nodes exist only in execution plans");
    }
}
