package qmap.ops;

import qmap.QmapException;
import qmap.ir.DType;
import qmap.ir.Float8E8M0;
import qmap.ir.MiniFloat;
import qmap.ir.Node;
import qmap.ir.Tensor;
import qmap.ir.TensorType;

/**
 * Cast: every element converted to the type {@code to}. Floats round to nearest even into
 * narrower floats; the {@code saturate} attribute (default 1) clamps out-of-range values into
 * float8 formats instead of producing NaN or infinity; FLOAT8E8M0 rounds by {@code round_mode}.
 * Floats become integers by truncation, integers wrap into narrower integers, and strings are
 * written and read as {@link NumericText} describes.
 */
public final class Cast implements Operator {
    @Override
    public Tensor[] run(Node node, Tensor[] in) {
        DType to = target(node);
        boolean saturate = node.attrInt("saturate", 1) != 0;
        Float8E8M0.RoundMode mode = Float8E8M0.RoundMode.of(node.attrString("round_mode", "up"));
        return new Tensor[] {convert(in[0], to, saturate, mode)};
    }

    @Override
    public TensorType[] infer(Node node, TensorType[] in, Tensor[] values) {
        TensorType x = in.length > 0 && in[0] != null ? in[0] : TensorType.UNKNOWN;
        return new TensorType[] {new TensorType(target(node), x.dims(), x.dimNames())};
    }

    static DType target(Node node) {
        if (!node.hasAttr("to")) {
            throw new IllegalArgumentException("Cast needs the attribute 'to'");
        }
        try {
            return DType.fromOnnx((int) node.attrInt("to", 0));
        } catch (QmapException e) {
            throw new IllegalArgumentException("Cast to: " + e.getMessage(), e);
        }
    }

    /** {@code x} converted to {@code to} with Cast's rules. */
    public static Tensor convert(Tensor x, DType to, boolean saturate, Float8E8M0.RoundMode mode) {
        int n = x.size();
        switch (to.storage()) {
            case STRING -> {
                String[] out = new String[n];
                for (int i = 0; i < n; i++) {
                    out[i] = text(x, i);
                }
                return Tensor.ofStrings(x.shape(), out);
            }
            case DOUBLE -> {
                double[] out = new double[n];
                for (int i = 0; i < n; i++) {
                    out[i] = x.dtype() == DType.STRING ? NumericText.parseFloat(x.strings()[i]) : real(x, i);
                }
                return Tensor.of(to, x.shape(), out);
            }
            case FLOAT -> {
                float[] out = new float[n];
                for (int i = 0; i < n; i++) {
                    out[i] = narrowFloat(x, i, to, saturate, mode);
                }
                return Tensor.of(to, x.shape(), out);
            }
            default -> {
                long[] out = new long[n];
                for (int i = 0; i < n; i++) {
                    out[i] = integer(x, i, to);
                }
                return Tensor.of(to, x.shape(), out);
            }
        }
    }

    private static float narrowFloat(Tensor x, int i, DType to, boolean saturate, Float8E8M0.RoundMode mode) {
        if (to == DType.FLOAT) {
            return float32(x, i);
        }
        if (to == DType.FLOAT8E8M0) {
            return Float8E8M0.round(float32(x, i), saturate, mode);
        }
        // a string is read as a float32 first, as ONNX Runtime does; numbers round once
        double v = x.dtype() == DType.STRING ? float32(x, i) : real(x, i);
        return MiniFloat.of(to).round(v, saturate && isFloat8(to));
    }

    static boolean isFloat8(DType t) {
        return t == DType.FLOAT8E4M3FN || t == DType.FLOAT8E4M3FNUZ || t == DType.FLOAT8E5M2
                || t == DType.FLOAT8E5M2FNUZ;
    }

    /** Element i as the nearest float32 (int64 rounded once, not through double). */
    private static float float32(Tensor x, int i) {
        return switch (x.dtype().storage()) {
            case FLOAT -> x.floats()[i];
            case DOUBLE -> (float) x.doubles()[i];
            case LONG -> {
                long v = x.longs()[i];
                if (x.dtype() == DType.UINT64 && v < 0) {
                    // halve keeping the lost bit as a sticky bit, so rounding stays correct
                    yield 2f * (float) ((v >>> 1) | (v & 1));
                }
                yield (float) v;
            }
            case STRING -> (float) NumericText.parseFloat(x.strings()[i]);
        };
    }

    /** Element i of a numeric tensor as a double (uint64 read as unsigned). */
    private static double real(Tensor x, int i) {
        if (x.dtype() == DType.UINT64) {
            long v = x.longs()[i];
            return v >= 0 ? (double) v : 2.0 * (double) ((v >>> 1) | (v & 1));
        }
        return x.getDouble(i);
    }

    private static long integer(Tensor x, int i, DType to) {
        return switch (x.dtype().storage()) {
            case LONG -> x.longs()[i];
            case STRING -> NumericText.parseInteger(x.strings()[i], !to.isSigned());
            default -> {
                double v = x.getDouble(i);
                yield to == DType.BOOL ? (v != 0 ? 1 : 0) : truncate(v, to);
            }
        };
    }

    /**
     * Float to integer as x86 code compiled from C does it (ONNX Runtime's static_cast, numpy):
     * truncation toward zero through a 32-bit conversion for types up to int32 and a 64-bit one
     * above; NaN and out-of-range values give the instruction's "integer indefinite" value,
     * whose low bits the narrower types then keep.
     */
    static long truncate(double v, DType to) {
        return switch (to) {
            case INT64, UINT32 -> truncate64(v);
            case UINT64 -> v >= 0x1p63 ? truncate64(v - 0x1p63) ^ Long.MIN_VALUE : truncate64(v);
            default -> Double.isNaN(v) || v >= 0x1p31 || v <= -0x1p31 - 1 ? Integer.MIN_VALUE : (long) v;
        };
    }

    private static long truncate64(double v) {
        return Double.isNaN(v) || v >= 0x1p63 || v < -0x1p63 ? Long.MIN_VALUE : (long) v;
    }

    private static String text(Tensor x, int i) {
        DType t = x.dtype();
        return switch (t.storage()) {
            case STRING -> x.strings()[i];
            case LONG -> NumericText.formatInteger(x.longs()[i], t == DType.UINT64);
            default -> NumericText.formatFloat(x.getDouble(i));
        };
    }
}
