package qmap.io;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import qmap.QmapException;
import qmap.ir.DType;
import qmap.ir.Shapes;
import qmap.ir.Tensor;

/** NumPy {@code .npy} files (format versions 1-3, C order, little-endian or byte types). */
public final class Npy {
    private static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};
    private static final Pattern DESCR = Pattern.compile("'descr'\\s*:\\s*'([^']*)'");
    private static final Pattern FORTRAN = Pattern.compile("'fortran_order'\\s*:\\s*(True|False)");
    private static final Pattern SHAPE = Pattern.compile("'shape'\\s*:\\s*\\(([^)]*)\\)");

    private Npy() {
    }

    public static Tensor read(Path file) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new QmapException("file not found: " + file);
        } catch (IOException e) {
            throw new QmapException("cannot read " + file + ": " + e.getMessage(), e);
        }
        return parse(bytes, file.toString());
    }

    public static Tensor parse(byte[] bytes, String source) {
        if (bytes.length < 10 || !startsWithMagic(bytes)) {
            throw new QmapException(source + " is not a .npy file (missing \\x93NUMPY magic)");
        }
        int major = bytes[6];
        ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        int headerLen;
        int headerStart;
        if (major == 1) {
            headerLen = b.getShort(8) & 0xFFFF;
            headerStart = 10;
        } else {
            headerLen = b.getInt(8);
            headerStart = 12;
        }
        if (headerStart + headerLen > bytes.length) {
            throw new QmapException(source + ": truncated .npy header");
        }
        String header = new String(bytes, headerStart, headerLen, StandardCharsets.ISO_8859_1);
        String descr = match(DESCR, header, source, "descr");
        if ("True".equals(match(FORTRAN, header, source, "fortran_order"))) {
            throw new QmapException(source + ": Fortran-order .npy arrays are not supported (save with C order)");
        }
        int[] shape = parseShape(match(SHAPE, header, source, "shape"), source);
        DType dtype = dtypeOf(descr, source);
        int n = Shapes.size(shape);
        int elemBytes = descr.endsWith("b1") ? 1 : Integer.parseInt(descr.substring(2));
        int dataStart = headerStart + headerLen;
        long need = (long) n * elemBytes;
        if (bytes.length - dataStart != need) {
            throw new QmapException(source + ": .npy data has " + (bytes.length - dataStart) + " bytes, expected "
                    + need + " for " + descr + " " + Shapes.format(shape));
        }
        ByteOrder order = descr.charAt(0) == '>' ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN;
        ByteBuffer data = ByteBuffer.wrap(bytes, dataStart, (int) need).slice().order(order);
        return RawTensors.decode(data, dtype, shape);
    }

    private static boolean startsWithMagic(byte[] bytes) {
        for (int i = 0; i < MAGIC.length; i++) {
            if (bytes[i] != MAGIC[i]) {
                return false;
            }
        }
        return true;
    }

    private static String match(Pattern p, String header, String source, String key) {
        Matcher m = p.matcher(header);
        if (!m.find()) {
            throw new QmapException(source + ": .npy header has no '" + key + "'");
        }
        return m.group(1);
    }

    private static int[] parseShape(String s, String source) {
        String[] parts = s.split(",");
        int count = 0;
        for (String p : parts) {
            if (!p.isBlank()) {
                count++;
            }
        }
        int[] shape = new int[count];
        int k = 0;
        for (String p : parts) {
            if (!p.isBlank()) {
                try {
                    shape[k++] = Integer.parseInt(p.trim().replace("L", ""));
                } catch (NumberFormatException e) {
                    throw new QmapException(source + ": bad .npy shape (" + s + ")");
                }
            }
        }
        return shape;
    }

    private static DType dtypeOf(String descr, String source) {
        String kind = descr.length() >= 2 ? descr.substring(1) : descr;
        return switch (kind) {
            case "f4" -> DType.FLOAT;
            case "f8" -> DType.DOUBLE;
            case "f2" -> DType.FLOAT16;
            case "i1" -> DType.INT8;
            case "u1" -> DType.UINT8;
            case "i2" -> DType.INT16;
            case "u2" -> DType.UINT16;
            case "i4" -> DType.INT32;
            case "u4" -> DType.UINT32;
            case "i8" -> DType.INT64;
            case "u8" -> DType.UINT64;
            case "b1" -> DType.BOOL;
            default -> throw new QmapException(source + ": unsupported .npy dtype '" + descr + "'");
        };
    }

    private static String descrOf(DType t) {
        return switch (t) {
            case FLOAT -> "<f4";
            case DOUBLE -> "<f8";
            case FLOAT16 -> "<f2";
            case INT8 -> "|i1";
            case UINT8 -> "|u1";
            case INT16 -> "<i2";
            case UINT16 -> "<u2";
            case INT32 -> "<i4";
            case UINT32 -> "<u4";
            case INT64 -> "<i8";
            case UINT64 -> "<u8";
            case BOOL -> "|b1";
            default -> null;
        };
    }

    /** The .npy bytes of a tensor; types numpy lacks (bfloat16, float8, ...) are written as float32. */
    public static byte[] toBytes(Tensor t) {
        String descr = descrOf(t.dtype());
        Tensor data = t;
        if (descr == null) {
            data = Tensor.ofFloats(t.shape(), t.toFloats().clone());
            descr = "<f4";
        }
        StringBuilder shape = new StringBuilder("(");
        for (int d : t.shape()) {
            shape.append(d).append(", ");
        }
        if (t.rank() > 1) {
            shape.setLength(shape.length() - 2);
        } else if (t.rank() == 1) {
            shape.setLength(shape.length() - 1);
        }
        shape.append(')');
        String header = "{'descr': '" + descr + "', 'fortran_order': False, 'shape': " + shape + ", }";
        int total = 10 + header.length() + 1;
        int pad = (64 - total % 64) % 64;
        header = header + " ".repeat(pad) + "\n";
        byte[] payload = RawTensors.encode(data);
        ByteBuffer b = ByteBuffer.allocate(10 + header.length() + payload.length).order(ByteOrder.LITTLE_ENDIAN);
        b.put(MAGIC).put((byte) 1).put((byte) 0).putShort((short) header.length());
        b.put(header.getBytes(StandardCharsets.ISO_8859_1)).put(payload);
        return b.array();
    }

    public static void write(Tensor t, Path file) {
        AtomicFiles.write(file, toBytes(t));
    }
}
