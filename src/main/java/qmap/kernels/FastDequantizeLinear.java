package qmap.kernels;

import java.util.concurrent.ForkJoinPool;
import qmap.ir.DType;
import qmap.ir.Node;
import qmap.ir.Tensor;
import qmap.ops.Operator;
import qmap.ops.Workspace;

/**
 * DequantizeLinear of an int8, uint8, int16 or int32 tensor with a float32 per-tensor scale:
 * y = (x - zp) * s in float32 (the reference's double product of an integer below 2^32 and a
 * float32, rounded to float32, is the correctly rounded float32 product). Per-axis and blocked
 * scales, other types and output_dtype go to the reference.
 */
public final class FastDequantizeLinear extends FastKernel {
    public FastDequantizeLinear(Operator reference) {
        super(reference);
    }

    @Override
    public Tensor[] run(Node node, Tensor[] in, Workspace workspace) {
        ForkJoinPool pool = workspace.pool();
        Tensor x = in[0];
        Tensor scale = in[1];
        Tensor zeroPoint = in.length > 2 ? in[2] : null;
        if (!plain(node, scale) || !integer(x.dtype()) || x.dtype() == DType.INT32 && zeroPoint != null
                || node.hasAttr("output_dtype")
                || zeroPoint != null && (zeroPoint.size() != 1 || zeroPoint.dtype() != x.dtype())) {
            return reference.run(node, in);
        }
        float s = scale.floats()[0];
        long zp = zeroPoint == null ? 0 : zeroPoint.longs()[0];
        long[] q = x.longs();
        float[] y = workspace.floats(q.length);
        Rows.forEach(pool, 1, q.length, (row, from, to) -> {
            for (int i = from; i < to; i++) {
                y[i] = (float) (q[i] - zp) * s;
            }
        });
        return new Tensor[] {Tensor.of(DType.FLOAT, x.shape(), y)};
    }

    /** A float32 per-tensor scale, no block size. */
    static boolean plain(Node node, Tensor scale) {
        return scale.dtype() == DType.FLOAT && scale.size() == 1 && node.attrInt("block_size", 0) == 0;
    }

    static boolean integer(DType t) {
        return t == DType.INT8 || t == DType.UINT8 || t == DType.INT16 || t == DType.INT32;
    }

}
