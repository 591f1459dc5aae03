package qmap.quant.integer;

import java.util.Arrays;
import qmap.ir.Node;
import qmap.ir.Tensor;
import qmap.ir.TensorType;
import qmap.kernels.FusedBody;
import qmap.ops.ConvGeometry;
import qmap.ops.Operator;
import qmap.ops.Workspace;

/**
 * A QConv whose 8-bit output only a float-mode QAdd reads, with a second 8-bit tensor of the
 * same shape (a residual connection), as one step ({@link IntegerFusion}): each span of the
 * convolution's requantized codes is added to the same span of the other operand as the kernel
 * finishes it, with the QAdd's own arithmetic ({@link QAdd.Spans}), in place; the convolution's
 * output never makes a pass over memory of its own. Inputs: the QConv's, then the other operand.
 * Execution only; when the sums do not run on the float kernel, the two nodes run one by one.
 */
final class QConvAdd implements Operator {
    private final Node conv;
    private final QConv kernel;
    private final Node add;
    /** The QAdd input the convolution's output is: 0 (a) or 1 (b). */
    private final int side;
    private final FusedBody body;

    QConvAdd(Node conv, QConv kernel, Node add, int side, FusedBody body) {
        this.conv = conv;
        this.kernel = kernel;
        this.add = add;
        this.side = side;
        this.body = body;
    }

    @Override
    public Tensor[] run(Node node, Tensor[] in) {
        return run(node, in, Workspace.SERIAL);
    }

    @Override
    public Tensor[] run(Node node, Tensor[] in, Workspace workspace) {
        Tensor other = in[in.length - 1];
        Tensor[] convIn = Arrays.copyOf(in, in.length - 1);
        if (other.bytes() != null && sameShape(convIn, other)) {
            Tensor y = kernel.convolveThen(conv, convIn, workspace,
                    QAdd.Spans.residual(add, side, IntegerTensors.outputType(conv), other));
            if (y != null) {
                return new Tensor[] {Tensor.ofBytes(IntegerTensors.outputType(add), y.shape(), y.bytes())};
            }
        }
        return new Tensor[] {body.run(node.inputs(), in, workspace)};
    }

    /** Whether the convolution's output has other's shape (else the QAdd broadcasts, node by node). */
    private boolean sameShape(Tensor[] convIn, Tensor other) {
        if (convIn[0].rank() != 4 || convIn[1].rank() != 4 || other.rank() != 4) {
            return false;
        }
        int[] kernel = ConvGeometry.kernelShape(conv, convIn[1].shape(), 2);
        ConvGeometry g = ConvGeometry.forward(conv, ConvGeometry.spatial(convIn[0].shape()), kernel, false);
        return Arrays.equals(other.shape(), new int[] {convIn[0].dim(0), convIn[1].dim(0), g.out[0], g.out[1]});
    }

    @Override
    public TensorType[] infer(Node node, TensorType[] in, Tensor[] values) {
        throw new UnsupportedOperationException("fused nodes exist only in execution plans");
    }
}
