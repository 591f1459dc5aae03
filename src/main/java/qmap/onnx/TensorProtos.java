package qmap.onnx;

import ai.onnx.proto.OnnxMl.StringStringEntryProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import com.google.protobuf.ByteString;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import qmap.QmapException;
import qmap.ir.DType;
import qmap.ir.Float8E8M0;
import qmap.ir.MiniFloat;
import qmap.ir.Shapes;
import qmap.ir.Tensor;

/** TensorProto to and from {@link Tensor}: raw and typed fields, packed sub-byte types, external data. */
public final class TensorProtos {
    private TensorProtos() {
    }

    /** Decodes a tensor; {@code baseDir} resolves external data (may be null when there is none). */
    public static Tensor decode(TensorProto p, Path baseDir) {
        DType dtype = DType.fromOnnx(p.getDataType());
        int[] shape = new int[p.getDimsCount()];
        for (int i = 0; i < shape.length; i++) {
            long d = p.getDims(i);
            if (d < 0 || d > Integer.MAX_VALUE) {
                throw new QmapException("tensor '" + p.getName() + "': invalid dim " + d);
            }
            shape[i] = (int) d;
        }
        int n = Shapes.size(shape);
        if (p.getDataLocation() == TensorProto.DataLocation.EXTERNAL) {
            return fromRaw(p.getName(), dtype, shape, n, readExternal(p, baseDir));
        }
        if (!p.getRawData().isEmpty() || (n > 0 && dtype != DType.STRING && typedCount(p) == 0)) {
            return fromRaw(p.getName(), dtype, shape, n, p.getRawData().toByteArray());
        }
        return fromTyped(p, dtype, shape, n);
    }

    private static int typedCount(TensorProto p) {
        return p.getFloatDataCount() + p.getInt32DataCount() + p.getInt64DataCount() + p.getDoubleDataCount()
                + p.getUint64DataCount() + p.getStringDataCount();
    }

    private static Tensor fromTyped(TensorProto p, DType dtype, int[] shape, int n) {
        String name = p.getName();
        switch (dtype) {
            case FLOAT -> {
                checkCount(name, p.getFloatDataCount(), n);
                float[] v = new float[n];
                for (int i = 0; i < n; i++) {
                    v[i] = p.getFloatData(i);
                }
                return Tensor.of(dtype, shape, v);
            }
            case DOUBLE -> {
                checkCount(name, p.getDoubleDataCount(), n);
                double[] v = new double[n];
                for (int i = 0; i < n; i++) {
                    v[i] = p.getDoubleData(i);
                }
                return Tensor.of(dtype, shape, v);
            }
            case INT64 -> {
                checkCount(name, p.getInt64DataCount(), n);
                long[] v = new long[n];
                for (int i = 0; i < n; i++) {
                    v[i] = p.getInt64Data(i);
                }
                return Tensor.of(dtype, shape, v);
            }
            case UINT32, UINT64 -> {
                checkCount(name, p.getUint64DataCount(), n);
                long[] v = new long[n];
                for (int i = 0; i < n; i++) {
                    v[i] = p.getUint64Data(i);
                }
                return Tensor.of(dtype, shape, v);
            }
            case STRING -> {
                checkCount(name, p.getStringDataCount(), n);
                String[] v = new String[n];
                for (int i = 0; i < n; i++) {
                    v[i] = p.getStringData(i).toString(StandardCharsets.UTF_8);
                }
                return Tensor.ofStrings(shape, v);
            }
            default -> {
                // int32_data carries every narrower type, one element (or one packed byte) per entry
                int perEntry = dtype.bits() == 4 ? 2 : dtype.bits() == 2 ? 4 : 1;
                byte[] bytes = new byte[p.getInt32DataCount()];
                if (perEntry > 1) {
                    for (int i = 0; i < p.getInt32DataCount(); i++) {
                        bytes[i] = (byte) p.getInt32Data(i);
                    }
                    return fromRaw(name, dtype, shape, n, bytes);
                }
                checkCount(name, p.getInt32DataCount(), n);
                return fromInts(dtype, shape, n, i -> p.getInt32Data(i));
            }
        }
    }

    private interface IntSource {
        int get(int i);
    }

    /** Types whose int32_data / raw element is an integer code or value. */
    private static Tensor fromInts(DType dtype, int[] shape, int n, IntSource src) {
        MiniFloat mf = MiniFloat.of(dtype);
        if (mf != null || dtype == DType.FLOAT8E8M0) {
            float[] v = new float[n];
            for (int i = 0; i < n; i++) {
                v[i] = decodeCode(dtype, mf, src.get(i));
            }
            return Tensor.of(dtype, shape, v);
        }
        long[] v = new long[n];
        for (int i = 0; i < n; i++) {
            v[i] = src.get(i);
        }
        return Tensor.of(dtype, shape, v);
    }

    static float decodeCode(DType dtype, MiniFloat mf, int code) {
        if (dtype == DType.FLOAT8E8M0) {
            return Float8E8M0.decode(code);
        }
        int mask = (1 << mf.bitWidth()) - 1;
        return mf.decode(code & mask);
    }

    private static Tensor fromRaw(String name, DType dtype, int[] shape, int n, byte[] raw) {
        int bits = dtype == DType.BOOL ? 8 : dtype.bits();
        if (dtype == DType.STRING) {
            throw new QmapException("tensor '" + name + "': string tensors cannot use raw_data");
        }
        long need = ((long) n * bits + 7) / 8;
        if (raw.length != need) {
            throw new QmapException("tensor '" + name + "': raw data has " + raw.length + " bytes, expected "
                    + need + " for " + dtype.onnxName() + "[" + Shapes.format(shape) + "]");
        }
        ByteBuffer b = ByteBuffer.wrap(raw).order(ByteOrder.LITTLE_ENDIAN);
        switch (dtype) {
            case FLOAT -> {
                float[] v = new float[n];
                b.asFloatBuffer().get(v);
                return Tensor.of(dtype, shape, v);
            }
            case DOUBLE -> {
                double[] v = new double[n];
                b.asDoubleBuffer().get(v);
                return Tensor.of(dtype, shape, v);
            }
            case INT64, UINT64 -> {
                long[] v = new long[n];
                b.asLongBuffer().get(v);
                return Tensor.of(dtype, shape, v);
            }
            case INT32 -> {
                return fromInts(dtype, shape, n, i -> b.getInt(4 * i));
            }
            case UINT32 -> {
                long[] v = new long[n];
                for (int i = 0; i < n; i++) {
                    v[i] = b.getInt(4 * i) & 0xFFFFFFFFL;
                }
                return Tensor.of(dtype, shape, v);
            }
            case INT16 -> {
                return fromInts(dtype, shape, n, i -> b.getShort(2 * i));
            }
            case UINT16, FLOAT16, BFLOAT16 -> {
                return fromInts(dtype, shape, n, i -> b.getShort(2 * i) & 0xFFFF);
            }
            case INT8 -> {
                return fromInts(dtype, shape, n, i -> raw[i]);
            }
            case UINT8, BOOL, FLOAT8E4M3FN, FLOAT8E4M3FNUZ, FLOAT8E5M2, FLOAT8E5M2FNUZ, FLOAT8E8M0 -> {
                return fromInts(dtype, shape, n, i -> raw[i] & 0xFF);
            }
            case INT4, UINT4, FLOAT4E2M1 -> {
                return fromInts(dtype, shape, n, i -> signExtend(dtype, ((raw[i >> 1] & 0xFF) >> (4 * (i & 1))) & 0xF, 4));
            }
            case INT2, UINT2 -> {
                return fromInts(dtype, shape, n, i -> signExtend(dtype, ((raw[i >> 2] & 0xFF) >> (2 * (i & 3))) & 0x3, 2));
            }
            default -> throw new QmapException("tensor '" + name + "': unsupported type " + dtype.onnxName());
        }
    }

    private static int signExtend(DType dtype, int v, int bits) {
        if (dtype == DType.INT4 || dtype == DType.INT2) {
            int shift = 32 - bits;
            return (v << shift) >> shift;
        }
        return v;
    }

    private static byte[] readExternal(TensorProto p, Path baseDir) {
        String location = null;
        long offset = 0;
        long length = -1;
        for (StringStringEntryProto e : p.getExternalDataList()) {
            switch (e.getKey()) {
                case "location" -> location = e.getValue();
                case "offset" -> offset = Long.parseLong(e.getValue());
                case "length" -> length = Long.parseLong(e.getValue());
                default -> { }
            }
        }
        if (location == null) {
            throw new QmapException("tensor '" + p.getName() + "': external data without a location");
        }
        if (baseDir == null) {
            throw new QmapException("tensor '" + p.getName() + "': external data '" + location
                    + "' but the model was not read from a file");
        }
        Path file = baseDir.resolve(location).normalize();
        try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "r")) {
            long len = length >= 0 ? length : f.length() - offset;
            if (offset + len > f.length()) {
                throw new QmapException("tensor '" + p.getName() + "': external data file " + file + " has "
                        + f.length() + " bytes, expected at least " + (offset + len));
            }
            byte[] data = new byte[(int) len];
            f.seek(offset);
            f.readFully(data);
            return data;
        } catch (IOException e) {
            throw new QmapException("tensor '" + p.getName() + "': cannot read external data file " + file
                    + ": " + e.getMessage(), e);
        }
    }

    private static void checkCount(String name, int got, int n) {
        if (got != n) {
            throw new QmapException("tensor '" + name + "': has " + got + " values, expected " + n);
        }
    }

    /** Encodes a tensor with raw_data (strings in string_data). */
    public static TensorProto encode(String name, Tensor t) {
        TensorProto.Builder b = TensorProto.newBuilder().setName(name).setDataType(t.dtype().onnxCode());
        for (int d : t.shape()) {
            b.addDims(d);
        }
        if (t.dtype() == DType.STRING) {
            for (String s : t.strings()) {
                b.addStringData(ByteString.copyFromUtf8(s));
            }
            return b.build();
        }
        return b.setRawData(ByteString.copyFrom(rawBytes(t))).build();
    }

    /** Little-endian raw bytes of a numeric tensor, sub-byte types packed low bits first. */
    public static byte[] rawBytes(Tensor t) {
        DType dtype = t.dtype();
        int n = t.size();
        int bits = dtype == DType.BOOL ? 8 : dtype.bits();
        byte[] raw = new byte[(int) (((long) n * bits + 7) / 8)];
        ByteBuffer b = ByteBuffer.wrap(raw).order(ByteOrder.LITTLE_ENDIAN);
        MiniFloat mf = MiniFloat.of(dtype);
        switch (dtype) {
            case FLOAT -> b.asFloatBuffer().put(t.floats());
            case DOUBLE -> b.asDoubleBuffer().put(t.doubles());
            case INT64, UINT64 -> b.asLongBuffer().put(t.longs());
            default -> {
                for (int i = 0; i < n; i++) {
                    long code = codeOf(dtype, mf, t, i);
                    switch (bits) {
                        case 32 -> b.putInt(4 * i, (int) code);
                        case 16 -> b.putShort(2 * i, (short) code);
                        case 8 -> raw[i] = (byte) code;
                        case 4 -> raw[i >> 1] |= (byte) ((code & 0xF) << (4 * (i & 1)));
                        case 2 -> raw[i >> 2] |= (byte) ((code & 0x3) << (2 * (i & 3)));
                        default -> throw new IllegalStateException("bits " + bits);
                    }
                }
            }
        }
        return raw;
    }

    private static long codeOf(DType dtype, MiniFloat mf, Tensor t, int i) {
        if (mf != null) {
            return mf.encode(t.floats()[i]);
        }
        if (dtype == DType.FLOAT8E8M0) {
            return Float8E8M0.encode(t.floats()[i]);
        }
        return t.longs()[i];
    }
}
