package qmap.quant.integer;

import qmap.ir.Node;
import qmap.ir.Tensor;
import qmap.ops.Operator;
import qmap.ops.Workspace;

/**
 * Integer Mul of two quantized tensors with numpy broadcasting: the exact integer product,
 * requantized with multiplier {@code a_scale * b_scale / y_scale} (in that float32 order, as
 * ONNX Runtime's QLinearMul). 8-bit operands run as a look-up of that arithmetic
 * ({@link PairTable}).
 */
public final class QMul implements Operator {
    private final PairTable tables = new PairTable();

    @Override
    public Tensor[] run(Node node, Tensor[] in) {
        return run(node, in, Workspace.SERIAL);
    }

    @Override
    public Tensor[] run(Node node, Tensor[] in, Workspace workspace) {
        float as = IntegerTensors.scale(node, "a");
        float bs = IntegerTensors.scale(node, "b");
        float ys = IntegerTensors.scale(node, "y");
        Requantizer rq = Requantizer.single(RequantMode.of(node), as * bs / ys, (double) as * bs / ys,
                IntegerTensors.lo(node), IntegerTensors.hi(node));
        long zpA = IntegerTensors.zeroPoint(node, "a");
        long zpB = IntegerTensors.zeroPoint(node, "b");
        long zpY = IntegerTensors.zeroPoint(node, "y");
        return new Tensor[] {tables.apply(node, 0, in[0], in[1], IntegerTensors.outputType(node),
                (xa, xb) -> rq.apply((xa - zpA) * (xb - zpB), 0) + zpY, workspace)};
    }
}
