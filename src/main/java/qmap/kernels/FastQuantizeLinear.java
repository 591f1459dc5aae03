package qmap.kernels;

import java.util.concurrent.ForkJoinPool;
import qmap.ir.DType;
import qmap.ir.Node;
import qmap.ir.Tensor;
import qmap.ops.Operator;
import qmap.ops.Workspace;

/**
 * QuantizeLinear of a float32 tensor with a float32 per-tensor scale into int8, uint8 or int16:
 * q = clamp(rint(x / s) + zp). The float32 division is the reference's (a double quotient
 * rounded to float32 is the correctly rounded float32 quotient), so the codes are identical.
 * Per-axis and blocked scales, other types and the precision/output_dtype attributes go to the
 * reference.
 */
public final class FastQuantizeLinear extends FastKernel {
    public FastQuantizeLinear(Operator reference) {
        super(reference);
    }

    @Override
    public Tensor[] run(Node node, Tensor[] in, Workspace workspace) {
        ForkJoinPool pool = workspace.pool();
        Tensor x = in[0];
        Tensor scale = in[1];
        Tensor zeroPoint = in.length > 2 ? in[2] : null;
        DType out = zeroPoint == null ? DType.UINT8 : zeroPoint.dtype();
        if (!FastDequantizeLinear.plain(node, scale) || x.dtype() != DType.FLOAT || node.hasAttr("precision")
                || node.hasAttr("output_dtype") || !FastDequantizeLinear.integer(out)
                || zeroPoint != null && zeroPoint.size() != 1) {
            return reference.run(node, in);
        }
        float s = scale.floats()[0];
        long zp = zeroPoint == null ? 0 : zeroPoint.longs()[0];
        double lo = out.minValue();
        double hi = out.maxValue();
        float[] a = x.floats();
        long[] q = workspace.longs(a.length);
        Rows.forEach(pool, 1, a.length, (row, from, to) -> {
            for (int i = from; i < to; i++) {
                float v = a[i] / s;
                // NaN becomes the smallest value, as in the reference
                double r = Float.isNaN(v) ? lo : Math.rint(v) + zp;
                q[i] = (long) Math.max(lo, Math.min(hi, r));
            }
        });
        return new Tensor[] {Tensor.of(out, x.shape(), q)};
    }

}
