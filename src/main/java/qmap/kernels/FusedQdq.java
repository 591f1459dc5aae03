package qmap.kernels;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;
import qmap.ir.DType;
import qmap.ir.Node;
import qmap.ir.Tensor;
import qmap.ir.TensorType;
import qmap.ops.Operator;
import qmap.ops.Workspace;

/**
 * A QuantizeLinear whose codes only a DequantizeLinear reads (the fake quantization of a QDQ
 * model: calibration scoring, the per-node table, accuracy runs) as one pass over float32 memory:
 * y = (float) (clamp(rint(x / s) + zp) - zp) * s, the float32 quotient and product of
 * {@link FastQuantizeLinear} and {@link FastDequantizeLinear}, so the values are theirs bit for
 * bit (eight lanes at a time, see {@link #roundTrips}); the integer codes are never stored.
 * Inputs: x, the quantize's scale and zero point, the dequantize's scale and zero point. When
 * the pair is not a plain per-tensor round trip (other scales or zero points on the two sides,
 * per-axis or blocked scales, other types) the two nodes run one after the other. Created by
 * {@link Fusion} for execution only.
 */
public final class FusedQdq implements Operator {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_256;
    private final Node quantize;
    private final Operator q;
    private final Node dequantize;
    private final Operator dq;

    FusedQdq(Node quantize, Operator q, Node dequantize, Operator dq) {
        this.quantize = quantize;
        this.q = q;
        this.dequantize = dequantize;
        this.dq = dq;
    }

    @Override
    public Tensor[] run(Node node, Tensor[] in) {
        return run(node, in, Workspace.SERIAL);
    }

    @Override
    public Tensor[] run(Node node, Tensor[] in, Workspace workspace) {
        Tensor x = in[0];
        if (!plainRoundTrip(in)) {
            Tensor codes = q.run(quantize, new Tensor[] {x, in[1], in[2]}, workspace)[0];
            return dq.run(dequantize, new Tensor[] {codes, in[3], in[4]}, workspace);
        }
        float s = in[1].floats()[0];
        long zp = in[2].longs()[0];
        DType type = in[2].dtype();
        double lo = type.minValue();
        double hi = type.maxValue();
        float[] a = x.floats();
        float[] y = workspace.floats(a.length);
        Rows.forEach(workspace.pool(), 1, a.length, (row, from, to) -> {
            int i = from + roundTrips(a, from, to - from, s, (float) (lo - zp), (float) (hi - zp), y);
            for (; i < to; i++) {
                float v = a[i] / s;
                // NaN becomes the smallest code, as in QuantizeLinear
                double r = Float.isNaN(v) ? lo : Math.rint(v) + zp;
                long code = (long) Math.max(lo, Math.min(hi, r));
                y[i] = (float) (code - zp) * s;
            }
        });
        return new Tensor[] {Tensor.of(DType.FLOAT, x.shape(), y)};
    }

    /**
     * The round trip of a[from..from+n) eight lanes at a time, as the scalar loop computes it:
     * the code minus the zero point is clamp(rint(a / s), lo, hi) with lo, hi the type's range
     * minus the zero point (the same integers), NaN giving lo. Adding and taking away 1.5 * 2^23
     * rounds a quotient below 2^22 in magnitude half to even exactly as Math.rint; a larger one
     * is clamped to the 8- or 16-bit range however it rounds. Returns how many were done.
     */
    private static int roundTrips(float[] a, int from, int n, float s, float lo, float hi, float[] y) {
        FloatVector scale = FloatVector.broadcast(S, s);
        int bound = S.loopBound(n);
        for (int i = 0; i < bound; i += S.length()) {
            FloatVector v = FloatVector.fromArray(S, a, from + i).div(scale);
            VectorMask<Float> nan = v.compare(VectorOperators.NE, v);
            FloatVector r = v.add(ElementwiseOps.ROUND).sub(ElementwiseOps.ROUND).max(lo).min(hi);
            r.blend(lo, nan).mul(scale).intoArray(y, from + i);
        }
        return bound;
    }

    /** Float32 x, one float32 scale and one int8/uint8/int16 zero point, the same on both sides, no extra attributes. */
    private boolean plainRoundTrip(Tensor[] in) {
        Tensor x = in[0];
        Tensor qs = in[1];
        Tensor qz = in[2];
        Tensor ds = in[3];
        Tensor dz = in[4];
        return x.dtype() == DType.FLOAT && qz != null && dz != null
                && FastDequantizeLinear.plain(quantize, qs) && FastDequantizeLinear.plain(dequantize, ds)
                && !quantize.hasAttr("precision") && !quantize.hasAttr("output_dtype")
                && !dequantize.hasAttr("output_dtype")
                && (qz.dtype() == DType.INT8 || qz.dtype() == DType.UINT8 || qz.dtype() == DType.INT16)
                && qz.dtype() == dz.dtype() && qz.size() == 1 && dz.size() == 1
                && qs.floats()[0] == ds.floats()[0] && qz.longs()[0] == dz.longs()[0];
    }

    @Override
    public TensorType[] infer(Node node, TensorType[] in, Tensor[] values) {
        throw new UnsupportedOperationException("fused nodes exist only in execution plans");
    }
}
