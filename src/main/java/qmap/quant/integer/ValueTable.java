package qmap.quant.integer;

import java.util.Arrays;
import qmap.ir.DType;
import qmap.ir.Tensor;
import qmap.kernels.ByteCodes;

/**
 * A function of one 8-bit value as a table of its 256 results, or one such table per channel:
 * what a chain of integer nodes computes from one tensor and constants, evaluated once for every
 * value the tensor can hold ({@link IntegerFusion}), then applied with one look-up per element.
 *
 * @param in the type of the values looked up
 * @param out the type of the results
 * @param values the result for value v of channel c at {@code c * 256 + v - in.minValue()}
 * @param bytes the same results' low eight bits
 * @param lines the same low eight bits, channel c's 256 entries as {@code lines[c]} (one line
 *              when one table serves all): look-ups read a line where they are, with no copy
 *              per call ({@link ByteCodes#lookUp(int[], int, byte[], byte[], int)})
 */
record ValueTable(DType in, DType out, long[] values, byte[] bytes, byte[][] lines) {
    static final int SIZE = 256;

    ValueTable(DType in, DType out, long[] values) {
        this(in, out, values, lowBytes(values));
    }

    private ValueTable(DType in, DType out, long[] values, byte[] bytes) {
        this(in, out, values, bytes, lines(bytes));
    }

    /** Each channel's 256 bytes as an array of its own. */
    private static byte[][] lines(byte[] bytes) {
        byte[][] lines = new byte[bytes.length / SIZE][];
        for (int c = 0; c < lines.length; c++) {
            lines[c] = Arrays.copyOfRange(bytes, c * SIZE, (c + 1) * SIZE);
        }
        return lines;
    }

    /** Channel c's line of {@link #lines} (the one line when one table serves all). */
    byte[] line(int c) {
        return lines[lines.length == 1 ? 0 : c];
    }

    /** Each value's low eight bits: the table for a byte-backed output. */
    private static byte[] lowBytes(long[] values) {
        byte[] b = new byte[values.length];
        for (int i = 0; i < b.length; i++) {
            b[i] = (byte) values[i];
        }
        return b;
    }

    /** How many channels have their own table (1: one table for all). */
    int channels() {
        return values.length / SIZE;
    }

    /** The table's start for channel c (0 when one table serves all). */
    int base(int c) {
        return values.length == SIZE ? 0 : c * SIZE;
    }

    /** The values of N x C x ... tensor t looked up (channel by channel when the tables are per channel). */
    Tensor lookUp(Tensor t) {
        long[] v = t.longs();
        long[] y = new long[v.length];
        int channels = channels();
        int block = channels == 1 ? v.length : v.length / t.dim(0) / channels;
        long min = in.minValue();
        for (int i = 0, blk = 0; i < v.length; blk++) {
            int base = channels == 1 ? 0 : (blk % channels) * SIZE;
            for (int end = i + block; i < end; i++) {
                y[i] = values[base + (int) (v[i] - min)];
            }
        }
        return Tensor.ofInRange(out, t.shape(), y);
    }
}
