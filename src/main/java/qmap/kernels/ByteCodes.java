package qmap.kernels;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.concurrent.ForkJoinPool;
import jdk.incubator.vector.ByteVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorShuffle;
import jdk.incubator.vector.VectorSpecies;

/**
 * Eight-bit codes to and from wider lanes, eight at a time: the conversions at the edges of the
 * integer runtime's kernels, which run their exact sums on the float32 kernels here. Measured on the 2-core
 * machine, 2.4 M codes: centering into floats 0.3 ms against 1.3-3 ms for the scalar loop (C2 does
 * not vectorize a byte-to-float loop), narrowing ints to bytes 0.2 ms against 0.6-1.1 ms.
 */
public final class ByteCodes {
    private static final VectorSpecies<Byte> B = ByteVector.SPECIES_64;
    private static final VectorSpecies<Integer> I = IntVector.SPECIES_256;
    /**
     * Every conversion names its result species (convertShape, never convert): convert derives
     * it through a call C2 may not inline, and without a constant species the intrinsic fails
     * and the lanes run boxed (-XX:+PrintIntrinsics: "missing constant ... vclass_to=LoadP").
     */
    private static final VectorSpecies<Float> F = FloatVector.SPECIES_256;
    private static final int LANES = I.length();
    private static final VectorSpecies<Byte> B16 = ByteVector.SPECIES_128;
    /** Lanes 0, 2, .., 14 to the front (then the odd ones): a stride-2 phase's codes, in order. */
    private static final VectorShuffle<Byte> EVENS = VectorShuffle.fromOp(B16, i -> i < 8 ? 2 * i : 2 * (i - 8) + 1);
    /** Codes per parallel task of {@link #lookUpBlocks}. */
    private static final int PIECE = 1 << 16;
    private static final VarHandle INTS_LE = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);

    private ByteCodes() {
    }

    /**
     * {@code out[i] = code(b[i]) - zeroPoint} for i in [0, n), code the byte read as
     * uint8 when {@code unsigned}, else as int8; returns the largest |result|.
     */
    public static int centered(byte[] b, boolean unsigned, int zeroPoint, float[] out, int n) {
        int mask = unsigned ? 0xFF : -1;
        IntVector max = IntVector.zero(I);
        int i = 0;
        for (; i <= n - LANES; i += LANES) {
            IntVector c = widened(b, i, mask, zeroPoint);
            max = max.max(c.abs());
            ((FloatVector) c.convertShape(VectorOperators.I2F, F, 0)).intoArray(out, i);
        }
        int m = max.reduceLanes(VectorOperators.MAX);
        for (; i < n; i++) {
            int c = (b[i] & mask) - zeroPoint;
            out[i] = c;
            m = Math.max(m, Math.abs(c));
        }
        return m;
    }

    /** Eight codes from {@code b[from]} minus zeroPoint into {@code out[o]}, as {@link #centered} does. */
    public static void centered8(byte[] b, int from, boolean unsigned, int zeroPoint, float[] out, int o) {
        ((FloatVector) widened(b, from, unsigned ? 0xFF : -1, zeroPoint).convertShape(VectorOperators.I2F, F, 0))
                .intoArray(out, o);
    }

    /** Eight codes from {@code b[from]} as ints (masked to uint8 by 0xFF, int8 by -1) minus zeroPoint. */
    private static IntVector widened(byte[] b, int from, int mask, int zeroPoint) {
        return ((IntVector) ByteVector.fromArray(B, b, from).convertShape(VectorOperators.B2I, I, 0)).and(mask)
                .sub(zeroPoint);
    }

    /**
     * As {@link #centered(byte[], boolean, int, float[], int)} from {@code b[from]} into {@code
     * out[o]}, without the largest |result| (the short rows of a convolution's planes paid for
     * its reduction on every call).
     */
    public static void centered(byte[] b, int from, boolean unsigned, int zeroPoint, float[] out, int o, int n) {
        int i = 0;
        for (; i <= n - LANES; i += LANES) {
            centered8(b, from + i, unsigned, zeroPoint, out, o + i);
        }
        int mask = unsigned ? 0xFF : -1;
        for (; i < n; i++) {
            out[o + i] = (b[from + i] & mask) - zeroPoint;
        }
    }

    /**
     * {@code out[o + i] = code(b[from + 2 * i]) - zeroPoint} for i in [0, n): every second code
     * (one stride-2 phase of a row), eight at a time: sixteen codes are read, their even lanes
     * moved to the front by one shuffle and widened. Converting the whole span and then picking
     * every second float cost twice the conversions and a strided copy: on 24 planes of 255 x 255
     * codes, both phases of each row, 1.5-1.9 ms against 0.6-0.8 ms.
     */
    public static void centeredEven(byte[] b, int from, boolean unsigned, int zeroPoint, float[] out, int o, int n) {
        int mask = unsigned ? 0xFF : -1;
        int i = 0;
        // the vector at i reads codes up to from + 2 * i + 15, which must lie inside b
        for (int last = Math.min(n, (b.length - from - 16) / 2 + 1); i <= last - LANES; i += LANES) {
            ByteVector pairs = ByteVector.fromArray(B16, b, from + 2 * i).rearrange(EVENS);
            ((FloatVector) ((IntVector) pairs.convertShape(VectorOperators.B2I, I, 0)).and(mask).sub(zeroPoint)
                    .convertShape(VectorOperators.I2F, F, 0)).intoArray(out, o + i);
        }
        for (; i < n; i++) {
            out[o + i] = (b[from + 2 * i] & mask) - zeroPoint;
        }
    }

    /**
     * {@code out[i] = (float) (code(b[i]) - zeroPoint) * scale} for i in [0, n), float32 as
     * DequantizeLinear computes it, eight codes at a time.
     */
    public static void dequantize(byte[] b, boolean unsigned, int zeroPoint, float scale, float[] out, int n) {
        int mask = unsigned ? 0xFF : -1;
        int i = 0;
        for (; i <= n - LANES; i += LANES) {
            ((FloatVector) widened(b, i, mask, zeroPoint).convertShape(VectorOperators.I2F, F, 0)).mul(scale)
                    .intoArray(out, i);
        }
        for (; i < n; i++) {
            out[i] = (float) ((b[i] & mask) - zeroPoint) * scale;
        }
    }

    /** {@code out[o + i] = (byte) v[i]} for i in [0, n): each int's low eight bits. */
    public static void narrow(int[] v, int n, byte[] out, int o) {
        int i = 0;
        for (; i <= n - LANES; i += LANES) {
            ((ByteVector) IntVector.fromArray(I, v, i).convertShape(VectorOperators.I2B, B, 0)).intoArray(out, o + i);
        }
        for (; i < n; i++) {
            out[o + i] = (byte) v[i];
        }
    }

    /** The sum of the codes {@code b[from, from + n)}, read as uint8 when {@code unsigned}, else int8. */
    public static long sum(byte[] b, int from, int n, boolean unsigned) {
        int mask = unsigned ? 0xFF : -1;
        long total = 0;
        // a span of 2^23 codes puts 2^20 in each int lane: below 2^28 in magnitude, no overflow
        for (int span = 0; span < n; span += 1 << 23) {
            int end = Math.min(n, span + (1 << 23));
            IntVector acc = IntVector.zero(I);
            int i = span;
            for (; i <= end - LANES; i += LANES) {
                acc = acc.add(((IntVector) ByteVector.fromArray(B, b, from + i).convertShape(VectorOperators.B2I, I, 0))
                        .and(mask));
            }
            total += acc.reduceLanesToLong(VectorOperators.ADD);
            for (; i < end; i++) {
                total += b[from + i] & mask;
            }
        }
        return total;
    }

    /**
     * {@code out[o + i] = line[index[i]]} for i in [0, n), every index in [0, 256), line 256
     * entries long. Four entries are packed into one int and stored at once: on the 2-core
     * machine 0.6 ns per entry against 1.0 for one store each (the look-up itself has no vector
     * form that C2 compiles reliably here). The line is read where it is: copying 256 entries
     * first ({@link #table}) cost 1.1 ns per entry in all on spans of 256 (a GEMM epilogue's) and
     * 3.2 ns on spans of 64, against 0.6 ns for both without the copy.
     */
    public static void lookUp(int[] index, int n, byte[] line, byte[] out, int o) {
        if (line.length != 256) {
            throw new IllegalArgumentException("a table line holds 256 entries, got " + line.length);
        }
        int i = 0;
        for (; i <= n - 4; i += 4) {
            INTS_LE.set(out, o + i, line[index[i] & 0xFF] & 0xFF | (line[index[i + 1] & 0xFF] & 0xFF) << 8
                    | (line[index[i + 2] & 0xFF] & 0xFF) << 16 | line[index[i + 3] & 0xFF] << 24);
        }
        for (; i < n; i++) {
            out[o + i] = line[index[i] & 0xFF];
        }
    }

    /**
     * {@link #lookUp(byte[], int, int, byte[], int, byte[], int, int) lookUp} over {@code blocks}
     * consecutive blocks of {@code block} codes, block b with the table from {@code b * 256}, on
     * the pool's threads: pieces of at most {@link #PIECE} codes (each code looked up by itself,
     * so the split changes nothing).
     */
    public static void lookUpBlocks(ForkJoinPool pool, byte[] codes, int min, byte[] table, int blocks, int block,
                                    byte[] out) {
        lookUpBlocks(pool, codes, min, table, blocks, block, out, null);
    }

    /** As {@link #lookUpBlocks(ForkJoinPool, byte[], int, byte[], int, int, byte[])}, then {@code then} on each piece of out. */
    public static void lookUpBlocks(ForkJoinPool pool, byte[] codes, int min, byte[] table, int blocks, int block,
                                    byte[] out, CodeSpans then) {
        int pieces = Parallel.chunks(block, PIECE);
        int piece = (block + pieces - 1) / pieces;
        Parallel.forEach(pool, blocks * pieces, task -> {
            int b = task / pieces;
            int from = b * block + (task % pieces) * piece;
            int to = Math.min((b + 1) * block, from + piece);
            lookUp(codes, from, min, table, b * 256, out, from, to - from);
            if (then != null) {
                then.apply(out, from, to - from);
            }
        });
    }

    /**
     * The 256 entries of {@code table} from {@code base}, copied into an array C2 knows is 256
     * long: an index masked to eight bits then needs no bounds check (into the shared table,
     * from a base, each look-up was checked). On det's per-channel SE chains (2.4 M codes) the
     * look-ups went from 4.2 ms to 2.2-2.7 ms.
     */
    public static byte[] table(byte[] table, int base) {
        byte[] t = new byte[256];
        System.arraycopy(table, base, t, 0, 256);
        return t;
    }

    /**
     * {@code out[o + i] = table[base + ((codes[from + i] - min) & 0xFF)]} for i in [0, n), min the
     * smallest value of the codes' type (int8 or uint8): each code's entry in a 256-entry table.
     * Four codes are read as one int and their four entries stored as one: 1.6 ns per code against
     * 2.15 one at a time, on a detector-sized tensor (2.4 M codes, 96 tables) on the 2-core
     * machine; about half that since the look-ups read a copy of the table ({@link #table}).
     */
    public static void lookUp(byte[] codes, int from, int min, byte[] table, int base, byte[] out, int o, int n) {
        byte[] t = table(table, base);
        int i = 0;
        for (; i <= n - 4; i += 4) {
            int v = (int) INTS_LE.get(codes, from + i);
            INTS_LE.set(out, o + i, t[(v - min) & 0xFF] & 0xFF
                    | (t[((v >> 8) - min) & 0xFF] & 0xFF) << 8
                    | (t[((v >> 16) - min) & 0xFF] & 0xFF) << 16
                    | t[((v >> 24) - min) & 0xFF] << 24);
        }
        for (; i < n; i++) {
            out[o + i] = t[(codes[from + i] - min) & 0xFF];
        }
    }
}
