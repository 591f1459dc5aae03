package qmap.quant.integer;

import java.util.Map;
import java.util.WeakHashMap;
import qmap.ir.DType;
import qmap.ir.Node;
import qmap.ir.Tensor;
import qmap.kernels.ByteCodes;
import qmap.kernels.CodeSpans;
import qmap.kernels.Epilogue;
import qmap.kernels.FastConv;
import qmap.kernels.FastConvTranspose;
import qmap.kernels.FastKernels;
import qmap.ops.Operator;
import qmap.ops.Workspace;

/**
 * Integer sums of products computed exactly on qmap's float32 kernels (packed GEMM with the
 * Vector API, threads): a float32 holds every integer below 2^24 exactly, so when
 * {@code terms * max|x| * max|w| < 2^24} every product and every partial sum, in whatever order
 * the kernel adds them, is an integer below 2^24 and no operation rounds. The float result is
 * then the exact int32 accumulator, bit for bit. An int8 Conv qualifies up to about 1,000 taps
 * (3 x 3 x 113 channels at full range); callers split larger sums or run their integer loops.
 * The float arrays are the workspace's (the node's scratch), and a Conv requantizes each span
 * of its sums as the kernel's epilogue, while the span is in cache.
 */
final class ExactFloatSums {
    /** The largest magnitude a float32 sum may reach and stay exact. */
    static final long EXACT = 1L << 24;

    /** Values minus their zero point as floats, and the largest magnitude among them. */
    record Centered(float[] values, int max) {
    }

    /** One run's codes before they are placed (a transposed convolution's tiled outputs). */
    private static final ThreadLocal<byte[]> TILE_CODES = ThreadLocal.withInitial(() -> new byte[0]);

    private final Operator floatOp;
    /** Centered weights per weight storage array (constants, so converted once). */
    private final Map<long[], Centered> weights = new WeakHashMap<>();

    private ExactFloatSums(Operator floatOp) {
        this.floatOp = floatOp;
    }

    static ExactFloatSums of(String floatOpType) {
        return new ExactFloatSums(FastKernels.registry().find("", floatOpType));
    }

    /** Whether sums of {@code terms} products of magnitudes up to maxX and maxW stay exact. */
    static boolean exact(long terms, long maxX, long maxW) {
        return terms * maxX * maxW < EXACT;
    }

    /** The largest |x - zero point| a tensor of this type can hold. */
    static long typeBound(DType type, long zeroPoint) {
        return Math.max(Math.abs(type.minValue() - zeroPoint), Math.abs(type.maxValue() - zeroPoint));
    }

    /**
     * X minus its zero point as floats, into {@code out}, when sums of {@code terms} products
     * with weights up to {@code maxW} stay exact; false (out partly filled) when they may not.
     * The values are bounded only when the type's range alone does not settle it.
     */
    static boolean centeredExact(Tensor x, long zeroPoint, float[] out, long terms, long maxW) {
        if (!exact(terms, typeBound(x.dtype(), zeroPoint), maxW)) {
            return exact(terms, centered(x, zeroPoint, out), maxW);
        }
        byte[] b = x.bytes();
        if (b == null) {
            long[] v = x.longs();
            for (int i = 0; i < v.length; i++) {
                out[i] = v[i] - zeroPoint;
            }
        } else {
            ByteCodes.centered(b, x.dtype() == DType.UINT8, (int) zeroPoint, out, b.length);
        }
        return true;
    }

    /** An output array for n values of {@code type}: bytes for an 8-bit type, else longs. */
    static Object output(DType type, int n, Workspace ws) {
        return type.bits() == 8 ? ws.bytes(n) : ws.longs(n);
    }

    /** The tensor over an array from {@link #output}, its values in the type's range. */
    static Tensor tensor(DType type, int[] shape, Object values) {
        return values instanceof byte[] b ? Tensor.ofBytes(type, shape, b) : Tensor.ofInRange(type, shape, (long[]) values);
    }

    /** X minus its zero point as floats, into {@code out}; the largest magnitude. */
    static int centered(Tensor x, long zeroPoint, float[] out) {
        byte[] b = x.bytes();
        if (b != null) {
            return ByteCodes.centered(b, x.dtype() == DType.UINT8, (int) zeroPoint, out, b.length);
        }
        long[] v = x.longs();
        long m = 0;
        for (int i = 0; i < v.length; i++) {
            long c = v[i] - zeroPoint;
            out[i] = c;
            m = Math.max(m, Math.abs(c));
        }
        return (int) Math.min(Integer.MAX_VALUE, m);
    }

    /**
     * The weights minus their zero point as floats: the same array every call for constant
     * weights (so the float kernel's packing is reused), a workspace array for weights the
     * executor recycles (an activation), whose values change from run to run.
     */
    Centered weights(Tensor w, long zeroPoint, Workspace ws) {
        if (ws.buffers().recycles(w.storage()) || w.bytes() != null) {
            float[] f = ws.floats(w.size());
            return new Centered(f, centered(w, zeroPoint, f));
        }
        long[] key = w.longs();
        synchronized (weights) {
            Centered c = weights.get(key);
            if (c == null) {
                float[] f = new float[key.length];
                c = new Centered(f, centered(w, zeroPoint, f));
                weights.put(key, c);
            }
            return c;
        }
    }

    /**
     * The float kernel on float X and W (no bias), each span of the exact sums (planes of
     * {@code planeSize}, output map {@code plane % maps}) handed to {@code epilogue}: on the
     * Conv kernel's own epilogue where it runs, else after the whole kernel.
     */
    void run(Node node, int[] xShape, float[] x, int[] wShape, float[] w, int maps, int planeSize, Workspace ws,
             Epilogue epilogue) {
        Tensor[] args = {Tensor.of(DType.FLOAT, xShape, x), Tensor.of(DType.FLOAT, wShape, w)};
        if (floatOp instanceof FastConv conv && FastConv.fits(node, args)) {
            int[] shape = FastConv.outputShape(node, args);
            conv.convolve(node, args, ws.floats(shape[0] * shape[1] * shape[2] * shape[3]), ws, epilogue);
            return;
        }
        float[] sums = floatOp.run(node, args, ws)[0].floats();
        for (int plane = 0; plane < sums.length / planeSize; plane++) {
            epilogue.apply(sums, plane * planeSize, planeSize, plane % maps);
        }
    }

    /**
     * The Conv kernel straight from 8-bit codes (centered as they are copied into its phase
     * planes or packed) when x's type alone keeps the sums exact and the node is one the kernel
     * runs ({@link FastConv#convolveCodes}); false, nothing done, otherwise.
     */
    boolean runCodes(Node node, Tensor x, long zeroPoint, int[] wShape, float[] w, long terms, long maxW,
                     Workspace ws, Epilogue epilogue) {
        byte[] codes = x.bytes();
        if (codes == null || !(floatOp instanceof FastConv conv) || !exact(terms, typeBound(x.dtype(), zeroPoint), maxW)
                || !FastConv.fitsShapes(node, x.shape(), wShape)) {
            return false;
        }
        int[] shape = FastConv.outputShape(node, new Tensor[] {x, Tensor.of(DType.FLOAT, wShape, w)});
        conv.convolveCodes(node, codes, x.dtype() == DType.UINT8, (int) zeroPoint, x.shape(),
                Tensor.of(DType.FLOAT, wShape, w), ws.floats(shape[0] * shape[1] * shape[2] * shape[3]), ws, epilogue);
        return true;
    }

    /**
     * A ConvTranspose whose windows tile the output (stride = kernel) on the float kernel, each
     * run of exact products requantized in the kernel's scratch (bias of its map added) and its
     * 8-bit codes placed at their outputs in {@code out}; false,
     * nothing done, when the kernel has no such path for the node.
     */
    boolean runTiles(Node node, int[] xShape, float[] x, int[] wShape, float[] w, Workspace ws, long[] bias,
                     Requantizer rq, boolean perMap, byte[] out, ValueTable table) {
        return floatOp instanceof FastConvTranspose conv && conv.convolveTiles(node, Tensor.of(DType.FLOAT, xShape, x),
                Tensor.of(DType.FLOAT, wShape, w), ws, placing(node, bias, rq, perMap, out, table));
    }

    /**
     * As {@link #runTiles(Node, int[], float[], int[], float[], Workspace, long[], Requantizer,
     * boolean, byte[], ValueTable)} on X's 8-bit codes (the kernel converts them as it packs
     * them), when the products are exact for any codes of X's type; false, nothing done, otherwise.
     */
    boolean runTilesCodes(Node node, Tensor x, long zeroPoint, int[] wShape, float[] w, long terms, long maxW,
                          Workspace ws, long[] bias, Requantizer rq, boolean perMap, byte[] out, ValueTable table) {
        byte[] codes = x.bytes();
        return codes != null && floatOp instanceof FastConvTranspose conv
                && exact(terms, typeBound(x.dtype(), zeroPoint), maxW)
                && conv.convolveTilesCodes(node, codes, x.dtype() == DType.UINT8, (int) zeroPoint, x.shape(),
                        Tensor.of(DType.FLOAT, wShape, w), ws, placing(node, bias, rq, perMap, out, table));
    }

    /** Each run of products requantized into a scratch row, then its codes placed at their outputs in out. */
    private static FastConvTranspose.Tiles placing(Node node, long[] bias, Requantizer rq, boolean perMap, byte[] out,
                                                   ValueTable table) {
        long zp = IntegerTensors.zeroPoint(node, "y");
        return (sums, offset, length, m, at, step) -> {
            byte[] codes = TILE_CODES.get();
            if (codes.length < length) {
                codes = new byte[length];
                TILE_CODES.set(codes);
            }
            rq.apply(sums, offset, length, bias == null ? 0 : bias[m], perMap ? m : 0, zp, codes, 0, table, m);
            for (int j = 0; j < length; j++) {
                out[at + j * step] = codes[j];
            }
        };
    }

    /**
     * The epilogue that requantizes exact sums into {@code out} (same layout, the sums read where
     * the kernel left them, in its scratch or its float output; a {@code long[]},
     * or the {@code byte[]} of an 8-bit output): bias of the map
     * added, requantized per map (or once), zero point added, then looked up in {@code table}
     * when there is one (map m's table when it has one per map).
     */
    static Epilogue requantizer(Node node, long[] bias, Requantizer rq, boolean perMap, Object out, ValueTable table) {
        return requantizer(node, bias, rq, perMap, out, table, null);
    }

    /**
     * As {@link #requantizer(Node, long[], Requantizer, boolean, Object, ValueTable)}, then
     * {@code then} (if not null) on each span of codes while it is in cache; {@code out} is then a
     * {@code byte[]}.
     */
    static Epilogue requantizer(Node node, long[] bias, Requantizer rq, boolean perMap, Object out, ValueTable table,
                                CodeSpans then) {
        long zp = IntegerTensors.zeroPoint(node, "y");
        return new Epilogue() {
            @Override
            public void apply(float[] sums, int offset, int length, int m) {
                apply(sums, offset, length, m, offset);
            }

            @Override
            public boolean readsOnly() {
                return true;
            }

            @Override
            public void apply(float[] sums, int offset, int length, int m, int at) {
                rq.apply(sums, offset, length, bias == null ? 0 : bias[m], perMap ? m : 0, zp, out, at, table, m);
                if (then != null) {
                    then.apply((byte[]) out, at, length);
                }
            }
        };
    }
}
