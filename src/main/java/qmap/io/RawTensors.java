package qmap.io;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import qmap.QmapException;
import qmap.ir.DType;
import qmap.ir.Shapes;
import qmap.ir.Tensor;

/** Raw little-endian tensor files ({@code .bin}): values only, type and shape given by the caller. */
public final class RawTensors {
    private RawTensors() {
    }

    public static int elementBytes(DType t) {
        return switch (t) {
            case FLOAT, INT32, UINT32 -> 4;
            case DOUBLE, INT64, UINT64 -> 8;
            case FLOAT16, BFLOAT16, INT16, UINT16 -> 2;
            case INT8, UINT8, BOOL -> 1;
            default -> throw new QmapException("raw files of type " + t.onnxName() + " are not supported");
        };
    }

    public static Tensor read(Path file, DType dtype, int[] shape) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new QmapException("file not found: " + file);
        } catch (IOException e) {
            throw new QmapException("cannot read " + file + ": " + e.getMessage(), e);
        }
        long need = (long) Shapes.size(shape) * elementBytes(dtype);
        if (bytes.length != need) {
            throw new QmapException(file + ": has " + bytes.length + " bytes, expected " + need + " for "
                    + dtype.onnxName() + " " + Shapes.format(shape));
        }
        return decode(ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN), dtype, shape);
    }

    /** Decodes {@code size(shape)} values of {@code dtype} from the buffer (its byte order applies). */
    static Tensor decode(ByteBuffer b, DType dtype, int[] shape) {
        int n = Shapes.size(shape);
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
            case FLOAT16 -> {
                float[] v = new float[n];
                for (int i = 0; i < n; i++) {
                    v[i] = qmap.ir.MiniFloat.FLOAT16.decode(b.getShort(2 * i) & 0xFFFF);
                }
                return Tensor.of(dtype, shape, v);
            }
            case INT8, UINT8 -> {
                byte[] v = new byte[n];
                b.get(v);
                return Tensor.ofBytes(dtype, shape, v);
            }
            default -> {
                long[] v = new long[n];
                for (int i = 0; i < n; i++) {
                    v[i] = switch (dtype) {
                        case INT8 -> b.get(i);
                        case UINT8, BOOL -> b.get(i) & 0xFF;
                        case INT16 -> b.getShort(2 * i);
                        case UINT16 -> b.getShort(2 * i) & 0xFFFF;
                        case INT32 -> b.getInt(4 * i);
                        case UINT32 -> b.getInt(4 * i) & 0xFFFFFFFFL;
                        case INT64, UINT64 -> b.getLong(8 * i);
                        default -> throw new QmapException("raw files of type " + dtype.onnxName() + " are not supported");
                    };
                }
                return Tensor.of(dtype, shape, v);
            }
        }
    }

    /** Little-endian bytes of a tensor of a type {@link #elementBytes} supports. */
    public static byte[] encode(Tensor t) {
        DType dtype = t.dtype();
        int n = t.size();
        ByteBuffer b = ByteBuffer.allocate(n * elementBytes(dtype)).order(ByteOrder.LITTLE_ENDIAN);
        switch (dtype) {
            case FLOAT -> b.asFloatBuffer().put(t.floats());
            case DOUBLE -> b.asDoubleBuffer().put(t.doubles());
            case FLOAT16 -> {
                for (int i = 0; i < n; i++) {
                    b.putShort(2 * i, (short) qmap.ir.MiniFloat.FLOAT16.encode(t.floats()[i]));
                }
            }
            default -> {
                long[] v = t.longs();
                for (int i = 0; i < n; i++) {
                    switch (elementBytes(dtype)) {
                        case 1 -> b.put(i, (byte) v[i]);
                        case 2 -> b.putShort(2 * i, (short) v[i]);
                        case 4 -> b.putInt(4 * i, (int) v[i]);
                        default -> b.putLong(8 * i, v[i]);
                    }
                }
            }
        }
        return b.array();
    }
}
