package qmap.quant;

import java.util.Arrays;
import qmap.ir.DType;
import qmap.ir.Node;
import qmap.ir.Shapes;
import qmap.ir.Tensor;
import qmap.ops.OpRegistry;
import qmap.ops.Operator;
import qmap.quant.QdqOperands.Quantized;
import qmap.quant.integer.RequantMode;

/**
 * Builds the look-up tables of elementwise ops: {@code table[i] = Q_out(f(DQ_in(i)))} for every
 * value i of the input type, computed with the float kernels the fake-quantized model runs, so
 * a table reproduces that model exactly. Constant operands that vary (a per-channel Mul, say)
 * give one table per element: the input runs as shape {@code S x L} against constants reshaped
 * to {@code S x 1}, S being their broadcast shape aligned to the activation's rank. Per-channel
 * operands (BatchNormalization's) give one table per channel the same way.
 */
final class LookupTables {
    /** Tables laid out as {@code shape} (broadcasting against the activation) times the input type's values. */
    record Table(Tensor values, int[] shape) {
    }

    private final RequantMode mode;
    private final OpRegistry registry;

    LookupTables(RequantMode mode, OpRegistry registry) {
        this.mode = mode;
        this.registry = registry;
    }

    /**
     * The table of {@code node}, whose input {@code active} is the activation x and whose other
     * inputs are the constants {@code constants[i]} (null where absent); null when the constants
     * cannot broadcast into an activation of rank {@code rank} (-1 unknown).
     */
    Table of(Node node, int active, Quantized x, Tensor[] constants, Quantized y, int rank) {
        int entries = 1 << x.type().bits();
        int[] joint = new int[0];
        for (int i = 0; i < constants.length; i++) {
            Tensor c = constants[i];
            if (i == active || c == null || c.size() == 1) {
                continue;
            }
            if (rank < c.rank()) {
                return null;
            }
            joint = Shapes.broadcast(joint, c.shape());
            if (joint == null) {
                return null;
            }
        }
        int[] shape = aligned(joint, Math.max(rank, joint.length));
        Tensor[] args = new Tensor[constants.length];
        for (int i = 0; i < args.length; i++) {
            Tensor c = constants[i];
            if (i == active) {
                args[i] = allValues(x, shape, entries);
            } else if (c != null) {
                args[i] = joint.length == 0 || c.size() == 1 ? c : c.reshape(withUnitTail(aligned(c.shape(), shape.length)));
            }
        }
        Operator op = registry.find("", node.opType());
        Tensor f = op.run(node, args)[0];
        return new Table(quantize(f, y), joint.length == 0 ? new int[] {1} : shape);
    }

    /**
     * The tables of an op whose constant inputs hold one value per channel (axis 1), as
     * BatchNormalization's: one table per channel, {@code 1 x C x 1 ...} against an activation of
     * rank {@code rank}; the op runs once on every value of x's type laid out as 1 x C x values.
     */
    Table perChannel(Node node, Quantized x, Tensor[] constants, Quantized y, int rank, int channels) {
        int entries = 1 << x.type().bits();
        Tensor[] args = constants.clone();
        args[0] = allValues(x, new int[] {channels}, entries).reshape(new int[] {1, channels, entries});
        Tensor f = registry.find("", node.opType()).run(node, args)[0];
        int[] shape = new int[rank];
        Arrays.fill(shape, 1);
        shape[1] = channels;
        return new Table(quantize(f, y), shape);
    }

    /** The table that moves x to y's scale: {@code Q_y(DQ_x(i))}. */
    Table requantize(Quantized x, Quantized y) {
        int entries = 1 << x.type().bits();
        return new Table(quantize(allValues(x, new int[0], entries), y), new int[] {1});
    }

    /** Every value of x's type, dequantized, repeated for each element of {@code shape}. */
    private static Tensor allValues(Quantized x, int[] shape, int entries) {
        int tables = Shapes.size(shape);
        float[] v = new float[tables * entries];
        long min = x.type().minValue();
        for (int t = 0; t < tables; t++) {
            for (int i = 0; i < entries; i++) {
                // as DequantizeLinear: (x - zp) in float, times the scale, rounded once to float32
                v[t * entries + i] = (float) (((float) (min + i) - x.zeroPoint()) * (double) x.scale());
            }
        }
        int[] s = Arrays.copyOf(shape, shape.length + 1);
        s[shape.length] = entries;
        return Tensor.ofFloats(s, v);
    }

    /** As QuantizeLinear (x / scale in float32), with the target's rounding. */
    private Tensor quantize(Tensor f, Quantized y) {
        float[] v = f.toFloats();
        long[] q = new long[v.length];
        long lo = y.type().minValue();
        long hi = y.type().maxValue();
        for (int i = 0; i < v.length; i++) {
            float quotient = v[i] / y.scale();
            double r = Float.isNaN(quotient) ? lo : mode.round(quotient) + y.zeroPoint();
            q[i] = (long) Math.max(lo, Math.min(hi, r));
        }
        return Tensor.of(y.type(), new int[] {v.length}, q);
    }

    private static int[] aligned(int[] shape, int rank) {
        int[] out = new int[rank];
        Arrays.fill(out, 1);
        System.arraycopy(shape, 0, out, rank - shape.length, shape.length);
        return out;
    }

    private static int[] withUnitTail(int[] shape) {
        int[] out = Arrays.copyOf(shape, shape.length + 1);
        out[shape.length] = 1;
        return out;
    }
}
