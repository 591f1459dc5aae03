package qmap.quant.integer;

import qmap.ir.DType;
import qmap.ir.Node;
import qmap.ir.Tensor;
import qmap.ops.Operator;
import qmap.ops.ReduceSum;

/**
 * Integer ReduceSum / ReduceMean ({@code mean = 1}) over the axes input, with the ONNX op's
 * {@code keepdims} and {@code noop_with_empty_axes}: the exact sum of X minus its zero point over
 * each reduced group, requantized with multiplier {@code x_scale / y_scale}, or
 * {@code x_scale / (y_scale * count)} for the mean (float32, in QLinearGlobalAveragePool's order).
 * The sums come from {@link ReduceSum} on the integers, so the axes rules are the ONNX op's.
 */
public final class QReduce implements Operator {
    private static final ReduceSum SUM = new ReduceSum();

    @Override
    public Tensor[] run(Node node, Tensor[] in) {
        Tensor x = in[0];
        int[] centered = IntegerTensors.centered(x, IntegerTensors.zeroPoint(node, "x"));
        long[] v = new long[centered.length];
        for (int i = 0; i < v.length; i++) {
            v[i] = centered[i];
        }
        Tensor[] args = {Tensor.of(DType.INT64, x.shape(), v), in.length > 1 ? in[1] : null};
        Tensor sums = SUM.run(node, args)[0];
        long[] s = sums.longs();
        int count = s.length == 0 ? 1 : Math.max(1, x.size() / s.length);
        float xs = IntegerTensors.scale(node, "x");
        float ys = IntegerTensors.scale(node, "y");
        boolean mean = node.attrInt("mean", 0) != 0;
        Requantizer rq = mean
                ? Requantizer.single(RequantMode.of(node), xs / (ys * (float) count), (double) xs / ((double) ys * count),
                        IntegerTensors.lo(node), IntegerTensors.hi(node))
                : Requantizer.single(RequantMode.of(node), xs / ys, (double) xs / ys, IntegerTensors.lo(node),
                        IntegerTensors.hi(node));
        int[] y = new int[s.length];
        for (int i = 0; i < y.length; i++) {
            y[i] = rq.apply(s[i], 0);
        }
        return new Tensor[] {IntegerTensors.output(node, sums.shape(), y)};
    }
}
