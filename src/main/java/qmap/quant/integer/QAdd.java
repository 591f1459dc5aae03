package qmap.quant.integer;

import java.util.function.LongBinaryOperator;
import qmap.ir.Node;
import qmap.ir.Tensor;
import qmap.ops.Operator;
import qmap.ops.Workspace;

/**
 * Integer Add (Sub with {@code b_sign = -1}) of two quantized tensors with numpy broadcasting:
 * {@code y = a * (a_scale / y_scale) + b * (±b_scale / y_scale)} rounded once.
 * <ul>
 * <li>Float (ONNX Runtime's QLinearAdd, AVX2 kernel): float32 ratios; the broadcast operand's
 * product is rounded to float32 first, the other is fused in with one FMA, round half to even.</li>
 * <li>Fixed point: both ratios as integers over one common power of two, the sum of the two
 * 64-bit products shifted right once.</li>
 * </ul>
 * 8-bit operands run as a look-up of that arithmetic ({@link PairTable}).
 */
public final class QAdd implements Operator {
    private final PairTable tables = new PairTable();

    @Override
    public Tensor[] run(Node node, Tensor[] in) {
        return run(node, in, Workspace.SERIAL);
    }

    @Override
    public Tensor[] run(Node node, Tensor[] in, Workspace workspace) {
        Tensor a = in[0];
        Tensor b = in[1];
        boolean aBroadcast = a.size() < b.size();
        return new Tensor[] {tables.apply(node, aBroadcast ? 1 : 0, a, b, IntegerTensors.outputType(node),
                sum(node, aBroadcast), workspace)};
    }

    /** y of the stored values of a and b. */
    private static LongBinaryOperator sum(Node node, boolean aBroadcast) {
        long zpA = IntegerTensors.zeroPoint(node, "a");
        long zpB = IntegerTensors.zeroPoint(node, "b");
        long zpY = IntegerTensors.zeroPoint(node, "y");
        float ys = IntegerTensors.scale(node, "y");
        float sign = node.attrInt("b_sign", 1) < 0 ? -1 : 1;
        RequantMode mode = RequantMode.of(node);
        Requantizer rq = Requantizer.single(mode, 1f, 1.0, IntegerTensors.lo(node), IntegerTensors.hi(node));
        if (mode.kind() == RequantMode.Kind.FLOAT) {
            float ra = IntegerTensors.scale(node, "a") / ys;
            float rb = IntegerTensors.scale(node, "b") / ys * sign;
            // the broadcast operand's product is rounded first, the other fused in
            if (aBroadcast) {
                return (xa, xb) -> clampRound(Math.fma((float) (xb - zpB), rb, (float) (xa - zpA) * ra), rq) + zpY;
            }
            return (xa, xb) -> clampRound(Math.fma((float) (xa - zpA), ra, (float) (xb - zpB) * rb), rq) + zpY;
        }
        double sa = (double) IntegerTensors.scale(node, "a") / ys;
        double sb = (double) IntegerTensors.scale(node, "b") / ys * sign;
        int s = commonShift(Math.max(Math.abs(sa), Math.abs(sb)), mode.multiplierBits());
        long ma = Math.round(Math.scalb(sa, s));
        long mb = Math.round(Math.scalb(sb, s));
        return (xa, xb) -> rq.shifted((xa - zpA) * ma + (xb - zpB) * mb, s) + zpY;
    }

    /** The shift that puts the larger ratio just below 2^(bits - 1). */
    static int commonShift(double largest, int bits) {
        return largest > 0 ? bits - 2 - Math.getExponent(largest) : 0;
    }

    private static int clampRound(float v, Requantizer rq) {
        double r = Math.rint(v);
        return r <= rq.lo() ? rq.lo() : r >= rq.hi() ? rq.hi() : (int) r;
    }
}
