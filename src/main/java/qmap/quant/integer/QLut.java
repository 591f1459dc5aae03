package qmap.quant.integer;

import qmap.ir.DType;
import qmap.ir.Node;
import qmap.ir.Shapes;
import qmap.ir.Tensor;
import qmap.kernels.ByteCodes;
import qmap.ops.Broadcast;
import qmap.ops.Operator;
import qmap.ops.Workspace;

/**
 * A look-up table: {@code y = table[t][x - x_min]}, one table of 2^bits entries (256 for int8,
 * 65536 for int16) per element of {@code table_shape}, which broadcasts against X like the
 * constant operand the tables were built from (one table when the op had only scalars).
 * How the NPU runs Exp, Sigmoid, Tanh, a Div by a constant, a requantization, ...
 */
public final class QLut implements Operator {
    @Override
    public Tensor[] run(Node node, Tensor[] in) {
        return run(node, in, Workspace.SERIAL);
    }

    @Override
    public Tensor[] run(Node node, Tensor[] in, Workspace workspace) {
        Tensor x = in[0];
        long[] table = in[1].longs();
        DType out = IntegerTensors.outputType(node);
        if (x.bytes() != null && x.dtype().bits() == 8 && out.bits() == 8) {
            return new Tensor[] {bytes(node, x, table, out, workspace)};
        }
        long[] xv = x.longs();
        int entries = 1 << x.dtype().bits();
        long offset = x.dtype().minValue();
        long[] y = workspace.longs(xv.length);
        int[] tableShape = toInts(node.attrInts("table_shape", new long[0]));
        if (Shapes.size(tableShape) == 1) {
            for (int i = 0; i < xv.length; i++) {
                y[i] = table[(int) (xv[i] - offset)];
            }
        } else if (IntegerTensors.block(tableShape, x.shape()) > 0) {
            // one table per block of consecutive elements (per channel, say)
            int block = IntegerTensors.block(tableShape, x.shape());
            for (int t = 0, i = 0; i < xv.length; t++) {
                int base = t * entries - (int) offset;
                for (int end = i + block; i < end; i++) {
                    y[i] = table[base + (int) xv[i]];
                }
            }
        } else {
            int[] which = Broadcast.flatIndex(tableShape, x.shape());
            for (int i = 0; i < xv.length; i++) {
                y[i] = table[which[i] * entries + (int) (xv[i] - offset)];
            }
        }
        return new Tensor[] {Tensor.of(out, x.shape(), y)};
    }

    /** Byte-backed 8-bit x into bytes: each table's low eight bits, looked up at (v - min) & 0xFF. */
    private static Tensor bytes(Node node, Tensor x, long[] table, DType out, Workspace workspace) {
        byte[] t = new byte[table.length];
        for (int i = 0; i < t.length; i++) {
            t[i] = (byte) table[i];
        }
        byte[] xb = x.bytes();
        byte[] y = workspace.bytes(xb.length);
        int min = (int) x.dtype().minValue();
        int[] tableShape = toInts(node.attrInts("table_shape", new long[0]));
        int block = Shapes.size(tableShape) == 1 ? xb.length : IntegerTensors.block(tableShape, x.shape());
        if (block > 0) {
            ByteCodes.lookUpBlocks(workspace.pool(), xb, min, t, xb.length / block, block, y);
        } else {
            int[] which = Broadcast.flatIndex(tableShape, x.shape());
            for (int i = 0; i < xb.length; i++) {
                y[i] = t[which[i] * 256 + ((xb[i] - min) & 0xFF)];
            }
        }
        return Tensor.ofBytes(out, x.shape(), y);
    }

    private static int[] toInts(long[] v) {
        int[] out = new int[v.length];
        for (int i = 0; i < v.length; i++) {
            out[i] = (int) v[i];
        }
        return out;
    }
}
