package qmap.quant.integer;

import qmap.ir.Node;
import qmap.ir.Tensor;
import qmap.ops.Operator;

/**
 * Integer Add (Sub with {@code b_sign = -1}) of two quantized tensors with numpy broadcasting:
 * {@code y = a * (a_scale / y_scale) + b * (±b_scale / y_scale)} rounded once.
 * <ul>
 * <li>Float (ONNX Runtime's QLinearAdd, AVX2 kernel): float32 ratios; the broadcast operand's
 * product is rounded to float32 first, the other is fused in with one FMA, round half to even.</li>
 * <li>Fixed point: both ratios as integers over one common power of two, the sum of the two
 * 64-bit products shifted right once.</li>
 * </ul>
 */
public final class QAdd implements Operator {
    @Override
    public Tensor[] run(Node node, Tensor[] in) {
        Tensor a = in[0];
        Tensor b = in[1];
        int[] shape = IntegerTensors.broadcast(a.shape(), b.shape());
        int[] ia = IntegerTensors.readIndex(a.shape(), shape);
        int[] ib = IntegerTensors.readIndex(b.shape(), shape);
        int[] av = IntegerTensors.centered(a, IntegerTensors.zeroPoint(node, "a"));
        int[] bv = IntegerTensors.centered(b, IntegerTensors.zeroPoint(node, "b"));
        float ys = IntegerTensors.scale(node, "y");
        float ra = IntegerTensors.scale(node, "a") / ys;
        float rb = IntegerTensors.scale(node, "b") / ys * (node.attrInt("b_sign", 1) < 0 ? -1 : 1);
        RequantMode mode = RequantMode.of(node);
        Requantizer rq = Requantizer.single(mode, 1f, 1.0, IntegerTensors.lo(node), IntegerTensors.hi(node));
        int n = qmap.ir.Shapes.size(shape);
        int[] y = new int[n];
        if (mode.kind() == RequantMode.Kind.FLOAT) {
            boolean aBroadcast = a.size() < b.size();
            for (int i = 0; i < n; i++) {
                int x1 = av[ia == null ? i : ia[i]];
                int x2 = bv[ib == null ? i : ib[i]];
                float v = aBroadcast ? Math.fma((float) x2, rb, (float) x1 * ra) : Math.fma((float) x1, ra, (float) x2 * rb);
                y[i] = clampRound(v, rq);
            }
        } else {
            double sa = (double) IntegerTensors.scale(node, "a") / ys;
            double sb = (double) IntegerTensors.scale(node, "b") / ys * (node.attrInt("b_sign", 1) < 0 ? -1 : 1);
            int s = commonShift(Math.max(Math.abs(sa), Math.abs(sb)), mode.multiplierBits());
            long ma = Math.round(Math.scalb(sa, s));
            long mb = Math.round(Math.scalb(sb, s));
            for (int i = 0; i < n; i++) {
                y[i] = rq.shifted(av[ia == null ? i : ia[i]] * ma + bv[ib == null ? i : ib[i]] * mb, s);
            }
        }
        return new Tensor[] {IntegerTensors.output(node, shape, y)};
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
