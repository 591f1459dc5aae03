package qmap.quant.integer;

import java.util.Arrays;
import qmap.ir.Node;
import qmap.ir.Tensor;
import qmap.ir.TensorType;
import qmap.ops.Operator;
import qmap.ops.Workspace;

/**
 * A nearest-neighbour Resize of 8-bit codes followed by a look-up of every code (QLut with one
 * table: the requantization of an upsampled feature map to a Concat's scale, for one): a
 * nearest Resize only copies codes, so looking them up first, on the input, gives the same
 * tensor with 4 to 64 times fewer look-ups ({@link IntegerFusion}). Inputs: the Resize's, then
 * the table. Execution only.
 */
final class QLutResize implements Operator {
    private final Node resize;
    private final Operator resizeOp;
    private final Node lut;
    private final Operator lutOp;

    QLutResize(Node resize, Operator resizeOp, Node lut, Operator lutOp) {
        this.resize = resize;
        this.resizeOp = resizeOp;
        this.lut = lut;
        this.lutOp = lutOp;
    }

    @Override
    public Tensor[] run(Node node, Tensor[] in) {
        return run(node, in, Workspace.SERIAL);
    }

    @Override
    public Tensor[] run(Node node, Tensor[] in, Workspace workspace) {
        Tensor table = in[in.length - 1];
        Tensor[] resizeArgs = Arrays.copyOf(in, in.length - 1);
        resizeArgs[0] = lutOp.run(lut, new Tensor[] {in[0], table}, workspace)[0];
        return resizeOp.run(resize, resizeArgs, workspace);
    }

    @Override
    public TensorType[] infer(Node node, TensorType[] types, Tensor[] values) {
        throw new UnsupportedOperationException("fused nodes exist only in execution plans");
    }
}
