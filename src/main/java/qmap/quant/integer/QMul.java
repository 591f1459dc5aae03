package qmap.quant.integer;

import qmap.ir.Node;
import qmap.ir.Tensor;
import qmap.ops.Operator;

/**
 * Integer Mul of two quantized tensors with numpy broadcasting: the exact integer product,
 * requantized with multiplier {@code a_scale * b_scale / y_scale} (in that float32 order, as
 * ONNX Runtime's QLinearMul).
 */
public final class QMul implements Operator {
    @Override
    public Tensor[] run(Node node, Tensor[] in) {
        Tensor a = in[0];
        Tensor b = in[1];
        int[] shape = IntegerTensors.broadcast(a.shape(), b.shape());
        int[] ia = IntegerTensors.readIndex(a.shape(), shape);
        int[] ib = IntegerTensors.readIndex(b.shape(), shape);
        int[] av = IntegerTensors.centered(a, IntegerTensors.zeroPoint(node, "a"));
        int[] bv = IntegerTensors.centered(b, IntegerTensors.zeroPoint(node, "b"));
        float as = IntegerTensors.scale(node, "a");
        float bs = IntegerTensors.scale(node, "b");
        float ys = IntegerTensors.scale(node, "y");
        Requantizer rq = Requantizer.single(RequantMode.of(node), as * bs / ys, (double) as * bs / ys,
                IntegerTensors.lo(node), IntegerTensors.hi(node));
        int n = qmap.ir.Shapes.size(shape);
        int[] y = new int[n];
        for (int i = 0; i < n; i++) {
            y[i] = rq.apply((long) av[ia == null ? i : ia[i]] * bv[ib == null ? i : ib[i]], 0);
        }
        return new Tensor[] {IntegerTensors.output(node, shape, y)};
    }
}
