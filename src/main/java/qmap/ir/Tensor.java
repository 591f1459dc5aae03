package qmap.ir;

import java.util.Arrays;

/**
 * A dense tensor: element type, shape and values in row-major order. The values live in one
 * primitive array chosen by {@link DType#storage()}: {@code float[]} for float32 and the narrow
 * float formats, {@code double[]} for double, {@code long[]} for integers and bool (8-bit
 * integers made by the integer runtime's kernels may be held as {@code byte[]}, each value's low
 * eight bits: {@link #bytes()}; {@link #longs()} widens them once), {@code String[]} for strings. Kernels fill an array and wrap it; nothing mutates a tensor
 * after construction (the executor refills an array only once no live tensor holds it).
 */
public final class Tensor {
    private final DType dtype;
    private final int[] shape;
    private final Object data;
    /** The values of a byte-backed tensor as longs, made on first request. */
    private long[] widened;

    private Tensor(DType dtype, int[] shape, Object data) {
        this.dtype = dtype;
        this.shape = shape;
        this.data = data;
    }

    // ---- factories -------------------------------------------------------------------------

    public static Tensor ofFloats(int[] shape, float... values) {
        return of(DType.FLOAT, shape, values);
    }

    /** Wraps float values as {@code dtype} (a float-storage type), rounding them into the format. */
    public static Tensor of(DType dtype, int[] shape, float[] values) {
        requireStorage(dtype, DType.Storage.FLOAT);
        checkCount(shape, values.length);
        MiniFloat format = MiniFloat.of(dtype);
        if (format != null) {
            for (int i = 0; i < values.length; i++) {
                values[i] = format.round(values[i], false);
            }
        }
        return new Tensor(dtype, shape.clone(), values);
    }

    public static Tensor of(DType dtype, int[] shape, double[] values) {
        requireStorage(dtype, DType.Storage.DOUBLE);
        checkCount(shape, values.length);
        return new Tensor(dtype, shape.clone(), values);
    }

    /** Wraps integer values as {@code dtype}, wrapping each into the type's range. */
    public static Tensor of(DType dtype, int[] shape, long[] values) {
        requireStorage(dtype, DType.Storage.LONG);
        checkCount(shape, values.length);
        if (dtype.bits() < 64) {
            // values are mostly in range already: a read-only pass, writes only where one wraps
            long min = dtype.minValue();
            long max = dtype.maxValue();
            for (int i = 0; i < values.length; i++) {
                long v = values[i];
                if (v < min || v > max) {
                    values[i] = dtype.wrap(v);
                }
            }
        }
        return new Tensor(dtype, shape.clone(), values);
    }

    /**
     * Wraps integer values that the caller knows are in {@code dtype}'s range (a kernel that
     * clamped or looked them up), without the pass {@link #of(DType, int[], long[])} makes.
     */
    public static Tensor ofInRange(DType dtype, int[] shape, long[] values) {
        requireStorage(dtype, DType.Storage.LONG);
        checkCount(shape, values.length);
        return new Tensor(dtype, shape.clone(), values);
    }

    /**
     * Wraps the low eight bits of each value of an 8-bit integer type (int8, uint8): the compact
     * form the integer runtime's kernels pass between them.
     */
    public static Tensor ofBytes(DType dtype, int[] shape, byte[] values) {
        if (dtype.bits() != 8 || !dtype.isInteger()) {
            throw new IllegalArgumentException(dtype + " is not an 8-bit integer type");
        }
        checkCount(shape, values.length);
        return new Tensor(dtype, shape.clone(), values);
    }

    public static Tensor ofStrings(int[] shape, String[] values) {
        checkCount(shape, values.length);
        return new Tensor(DType.STRING, shape.clone(), values);
    }

    public static Tensor ofLongs(int[] shape, long... values) {
        return of(DType.INT64, shape, values);
    }

    public static Tensor scalar(float v) {
        return ofFloats(new int[0], v);
    }

    public static Tensor scalarLong(long v) {
        return ofLongs(new int[0], v);
    }

    /** A tensor of zeros (empty strings, false) of any type. */
    public static Tensor zeros(DType dtype, int[] shape) {
        int n = Shapes.size(shape);
        return switch (dtype.storage()) {
            case FLOAT -> new Tensor(dtype, shape.clone(), new float[n]);
            case DOUBLE -> new Tensor(dtype, shape.clone(), new double[n]);
            case LONG -> new Tensor(dtype, shape.clone(), new long[n]);
            case STRING -> {
                String[] s = new String[n];
                Arrays.fill(s, "");
                yield new Tensor(dtype, shape.clone(), s);
            }
        };
    }

    /**
     * A tensor of {@code dtype} whose element i is {@code values[i]} converted as a plain
     * numeric conversion (truncation toward zero and wrapping for integers, rounding for narrow
     * floats). Cast with its saturate and string rules lives in the Cast operator.
     */
    public static Tensor fromDoubles(DType dtype, int[] shape, double[] values) {
        int n = values.length;
        return switch (dtype.storage()) {
            case FLOAT -> {
                float[] f = new float[n];
                for (int i = 0; i < n; i++) {
                    f[i] = (float) values[i];
                }
                yield of(dtype, shape, f);
            }
            case DOUBLE -> of(dtype, shape, values.clone());
            case LONG -> {
                long[] l = new long[n];
                for (int i = 0; i < n; i++) {
                    l[i] = dtype == DType.BOOL ? (values[i] != 0 ? 1 : 0) : (long) values[i];
                }
                yield of(dtype, shape, l);
            }
            case STRING -> throw new IllegalArgumentException("numbers to string need Cast");
        };
    }

    // ---- accessors -------------------------------------------------------------------------

    public DType dtype() {
        return dtype;
    }

    /** The shape; callers must not modify the returned array. */
    public int[] shape() {
        return shape;
    }

    public int rank() {
        return shape.length;
    }

    public int dim(int axis) {
        return shape[axis < 0 ? axis + shape.length : axis];
    }

    public int size() {
        return Shapes.size(shape);
    }

    /** The float values (float32 and narrow floats); callers must not modify them. */
    public float[] floats() {
        requireStorage(dtype, DType.Storage.FLOAT);
        return (float[]) data;
    }

    public double[] doubles() {
        requireStorage(dtype, DType.Storage.DOUBLE);
        return (double[]) data;
    }

    /** The integer values (integers and bool); callers must not modify them. */
    public long[] longs() {
        requireStorage(dtype, DType.Storage.LONG);
        if (data instanceof byte[] b) {
            long[] w = widened;
            if (w == null) {
                w = new long[b.length];
                boolean unsigned = dtype == DType.UINT8;
                for (int i = 0; i < b.length; i++) {
                    w[i] = unsigned ? b[i] & 0xFF : b[i];
                }
                widened = w;
            }
            return w;
        }
        return (long[]) data;
    }

    /** The low eight bits of each value when this 8-bit integer tensor is held as bytes, else null. */
    public byte[] bytes() {
        return data instanceof byte[] b ? b : null;
    }

    /** The storage array, with values held as bytes widened to longs: what the storage kind promises. */
    public Object values() {
        return data instanceof byte[] ? longs() : data;
    }

    public String[] strings() {
        requireStorage(dtype, DType.Storage.STRING);
        return (String[]) data;
    }

    /** Element i as a double, whatever the numeric type (unsigned 64-bit read as unsigned). */
    public double getDouble(int i) {
        return switch (dtype.storage()) {
            case FLOAT -> ((float[]) data)[i];
            case DOUBLE -> ((double[]) data)[i];
            case LONG -> {
                long v = data instanceof byte[] b ? (dtype == DType.UINT8 ? b[i] & 0xFF : b[i]) : ((long[]) data)[i];
                yield dtype == DType.UINT64 && v < 0 ? (double) (v >>> 1) * 2.0 + (v & 1) : (double) v;
            }
            case STRING -> throw new IllegalStateException("string tensor read as number");
        };
    }

    /** Element i as a long (floats truncated toward zero). */
    public long getLong(int i) {
        return switch (dtype.storage()) {
            case FLOAT -> (long) ((float[]) data)[i];
            case DOUBLE -> (long) ((double[]) data)[i];
            case LONG -> data instanceof byte[] b ? (dtype == DType.UINT8 ? b[i] & 0xFF : b[i]) : ((long[]) data)[i];
            case STRING -> throw new IllegalStateException("string tensor read as number");
        };
    }

    /** All values as doubles (a copy). */
    public double[] toDoubles() {
        int n = size();
        double[] out = new double[n];
        for (int i = 0; i < n; i++) {
            out[i] = getDouble(i);
        }
        return out;
    }

    /** All values as float32 (a copy unless already float32). */
    public float[] toFloats() {
        if (dtype == DType.FLOAT) {
            return (float[]) data;
        }
        int n = size();
        float[] out = new float[n];
        for (int i = 0; i < n; i++) {
            out[i] = (float) getDouble(i);
        }
        return out;
    }

    /** All values as longs (a copy unless already long storage). */
    public long[] toLongs() {
        if (dtype.storage() == DType.Storage.LONG) {
            return longs();
        }
        int n = size();
        long[] out = new long[n];
        for (int i = 0; i < n; i++) {
            out[i] = getLong(i);
        }
        return out;
    }

    /** The same values with another shape of equal size. */
    public Tensor reshape(int[] newShape) {
        checkCount(newShape, size());
        return new Tensor(dtype, newShape.clone(), data);
    }

    /** The raw storage array (float[], double[], long[], byte[] for a byte-backed 8-bit tensor, or String[]). */
    public Object storage() {
        return data;
    }

    /** A tensor of the same type and the given shape over a storage array of the right kind. */
    public static Tensor wrapStorage(DType dtype, int[] shape, Object storage) {
        return switch (dtype.storage()) {
            case FLOAT -> of(dtype, shape, (float[]) storage);
            case DOUBLE -> of(dtype, shape, (double[]) storage);
            case LONG -> storage instanceof byte[] b ? ofBytes(dtype, shape, b) : of(dtype, shape, (long[]) storage);
            case STRING -> ofStrings(shape, (String[]) storage);
        };
    }

    @Override
    public String toString() {
        return "Tensor(" + dtype.onnxName() + Arrays.toString(shape) + ")";
    }

    private static void requireStorage(DType dtype, DType.Storage storage) {
        if (dtype.storage() != storage) {
            throw new IllegalArgumentException(dtype + " is not stored as " + storage);
        }
    }

    private static void checkCount(int[] shape, int count) {
        int n = Shapes.size(shape);
        if (n != count) {
            throw new IllegalArgumentException("shape " + Arrays.toString(shape) + " holds " + n
                    + " values, got " + count);
        }
    }
}
