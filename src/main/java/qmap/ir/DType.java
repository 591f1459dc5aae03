package qmap.ir;

import qmap.QmapException;

/**
 * ONNX element types. Every tensor stores its values in one of four Java array kinds
 * ({@link Storage}): narrow float formats are held as float32 values that are exactly
 * representable in the format, integer and bool types as {@code long} values in range.
 */
public enum DType {
    FLOAT(1, Storage.FLOAT, 32),
    UINT8(2, Storage.LONG, 8),
    INT8(3, Storage.LONG, 8),
    UINT16(4, Storage.LONG, 16),
    INT16(5, Storage.LONG, 16),
    INT32(6, Storage.LONG, 32),
    INT64(7, Storage.LONG, 64),
    STRING(8, Storage.STRING, 0),
    BOOL(9, Storage.LONG, 8),
    FLOAT16(10, Storage.FLOAT, 16),
    DOUBLE(11, Storage.DOUBLE, 64),
    UINT32(12, Storage.LONG, 32),
    UINT64(13, Storage.LONG, 64),
    BFLOAT16(16, Storage.FLOAT, 16),
    FLOAT8E4M3FN(17, Storage.FLOAT, 8),
    FLOAT8E4M3FNUZ(18, Storage.FLOAT, 8),
    FLOAT8E5M2(19, Storage.FLOAT, 8),
    FLOAT8E5M2FNUZ(20, Storage.FLOAT, 8),
    UINT4(21, Storage.LONG, 4),
    INT4(22, Storage.LONG, 4),
    FLOAT4E2M1(23, Storage.FLOAT, 4),
    FLOAT8E8M0(24, Storage.FLOAT, 8),
    UINT2(25, Storage.LONG, 2),
    INT2(26, Storage.LONG, 2);

    /** The Java array kind that holds a tensor's values. */
    public enum Storage { FLOAT, DOUBLE, LONG, STRING }

    private final int onnxCode;
    private final Storage storage;
    private final int bits;

    DType(int onnxCode, Storage storage, int bits) {
        this.onnxCode = onnxCode;
        this.storage = storage;
        this.bits = bits;
    }

    public int onnxCode() {
        return onnxCode;
    }

    public Storage storage() {
        return storage;
    }

    public int bits() {
        return bits;
    }

    public boolean isFloatingPoint() {
        return storage == Storage.FLOAT || storage == Storage.DOUBLE;
    }

    public boolean isInteger() {
        return storage == Storage.LONG && this != BOOL;
    }

    public boolean isSigned() {
        return switch (this) {
            case INT8, INT16, INT32, INT64, INT4, INT2 -> true;
            default -> isFloatingPoint();
        };
    }

    /** Smallest value of an integer type (0 for unsigned types and bool). */
    public long minValue() {
        if (!isInteger()) {
            return 0;
        }
        return isSigned() ? (bits == 64 ? Long.MIN_VALUE : -(1L << (bits - 1))) : 0;
    }

    /** Largest value of an integer type (unsigned 64 is reported as Long.MAX_VALUE). */
    public long maxValue() {
        if (this == BOOL) {
            return 1;
        }
        if (!isInteger()) {
            return 0;
        }
        if (bits == 64) {
            return Long.MAX_VALUE;
        }
        return isSigned() ? (1L << (bits - 1)) - 1 : (1L << bits) - 1;
    }

    /** Wraps an integer into this type's range (two's complement), as a C cast would. */
    public long wrap(long v) {
        if (this == BOOL) {
            return v != 0 ? 1 : 0;
        }
        if (bits >= 64) {
            return v;
        }
        long mask = (1L << bits) - 1;
        long u = v & mask;
        if (isSigned() && u > maxValue()) {
            u -= 1L << bits;
        }
        return u;
    }

    public static DType fromOnnx(int code) {
        for (DType t : values()) {
            if (t.onnxCode == code) {
                return t;
            }
        }
        throw new QmapException("unsupported ONNX element type " + code
                + " (expected one of the numeric, bool or string types)");
    }

    /** ONNX spelling, e.g. "float", "int8", "float16". */
    public String onnxName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
