package qmap.quant.integer;

import java.util.Arrays;
import qmap.ir.Node;
import qmap.ir.Tensor;
import qmap.ir.TensorType;
import qmap.kernels.FusedBody;
import qmap.ops.Operator;
import qmap.ops.Workspace;

/**
 * A QConv (or QConvTranspose) with the chain of integer nodes after it as a look-up of its requantized outputs
 * ({@link IntegerFusion}): the chain costs no pass over memory. Inputs: the QConv's. Execution
 * only; a convolution whose output holds one value (where the chain's operand sizes would not
 * compare as when the table was made) runs its nodes one by one.
 */
final class QConvLut implements Operator {
    /** A convolution whose outputs are looked up in a table. */
    @FunctionalInterface
    interface Kernel {
        Tensor convolve(Node node, Tensor[] in, Workspace workspace, ValueTable table);
    }

    private final Node conv;
    private final Kernel kernel;
    private final ValueTable table;
    private final FusedBody body;

    QConvLut(Node conv, Kernel kernel, ValueTable table, FusedBody body) {
        this.conv = conv;
        this.kernel = kernel;
        this.table = table;
        this.body = body;
    }

    @Override
    public Tensor[] run(Node node, Tensor[] in) {
        return run(node, in, Workspace.SERIAL);
    }

    @Override
    public Tensor[] run(Node node, Tensor[] in, Workspace workspace) {
        if (in[0].size() <= 1 || in[0].rank() != 4 || in[0].dim(0) * (long) in[1].dim(0) <= 1) {
            return new Tensor[] {body.run(node.inputs(), in, workspace)};
        }
        Tensor y = kernel.convolve(conv, Arrays.copyOf(in, in.length), workspace, table);
        if (y.size() <= 1) {
            return new Tensor[] {body.run(node.inputs(), in, workspace)};
        }
        return new Tensor[] {y};
    }

    @Override
    public TensorType[] infer(Node node, TensorType[] in, Tensor[] values) {
        throw new UnsupportedOperationException("fused nodes exist only in execution plans");
    }
}
