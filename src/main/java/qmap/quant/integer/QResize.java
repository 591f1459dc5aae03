package qmap.quant.integer;

import qmap.ir.Node;
import qmap.ir.Tensor;
import qmap.kernels.FastKernels;
import qmap.ops.Operator;
import qmap.ops.Resize;

/**
 * Linear (or cubic) Resize of a quantized tensor: the ONNX op's interpolation (attributes and
 * roi / scales / sizes inputs as {@link Resize} reads them) on X minus its zero point, then one
 * requantization with multiplier {@code x_scale / y_scale}. Interpolation weights are fractions,
 * so the weighted sums are float32, as ONNX Runtime's Upsample computes them for 8-bit tensors;
 * with fixed-point requantization they are first rounded to 8 fractional bits, the integer
 * the multiplier then scales.
 */
public final class QResize implements Operator {
    /** The fast kernels' Resize: its bilinear path gives the reference's bits. */
    private static final Operator RESIZE = FastKernels.registry().find("", "Resize");
    private static final int FRACTION_BITS = 8;

    @Override
    public Tensor[] run(Node node, Tensor[] in) {
        Tensor x = in[0];
        float[] f = new float[x.size()];
        ExactFloatSums.centered(x, IntegerTensors.zeroPoint(node, "x"), f);
        Tensor[] args = in.clone();
        args[0] = Tensor.ofFloats(x.shape(), f);
        Tensor v = RESIZE.run(node, args)[0];
        float[] values = v.floats();
        float xs = IntegerTensors.scale(node, "x");
        float ys = IntegerTensors.scale(node, "y");
        RequantMode mode = RequantMode.of(node);
        boolean fixed = mode.kind() == RequantMode.Kind.FIXED_POINT;
        double unit = fixed ? 1.0 / (1 << FRACTION_BITS) : 1;
        Requantizer rq = Requantizer.single(mode, (float) (xs / ys * unit), (double) xs / ys * unit,
                IntegerTensors.lo(node), IntegerTensors.hi(node));
        int[] y = new int[values.length];
        for (int i = 0; i < y.length; i++) {
            long acc = fixed ? Math.round(values[i] * (double) (1 << FRACTION_BITS)) : 0;
            y[i] = fixed ? rq.apply(acc, 0) : floatRequantize(values[i], xs / ys, rq);
        }
        return new Tensor[] {IntegerTensors.output(node, v.shape(), y)};
    }

    private static int floatRequantize(float v, float multiplier, Requantizer rq) {
        double r = Math.rint(v * multiplier);
        return r <= rq.lo() ? rq.lo() : r >= rq.hi() ? rq.hi() : (int) r;
    }
}
