package qmap.ir;

import java.util.Arrays;

/**
 * What is known statically of a value: element type (null if unknown) and shape. {@code dims}
 * is null for unknown rank; a dim of -1 is unknown, optionally named by {@code dimNames[i]}
 * (ONNX dim_param, e.g. "batch").
 */
public record TensorType(DType dtype, int[] dims, String[] dimNames) {
    public static final TensorType UNKNOWN = new TensorType(null, null, null);

    public static TensorType of(DType dtype, int... dims) {
        return new TensorType(dtype, dims.clone(), null);
    }

    public static TensorType of(Tensor t) {
        return new TensorType(t.dtype(), t.shape().clone(), null);
    }

    public boolean hasRank() {
        return dims != null;
    }

    public int rank() {
        return dims == null ? -1 : dims.length;
    }

    /** True when every dim is a known number. */
    public boolean isStatic() {
        if (dims == null) {
            return false;
        }
        for (int d : dims) {
            if (d < 0) {
                return false;
            }
        }
        return true;
    }

    public TensorType withDims(int[] newDims) {
        return new TensorType(dtype, newDims, null);
    }

    @Override
    public String toString() {
        if (dims == null) {
            return (dtype == null ? "?" : dtype.onnxName()) + "[?]";
        }
        StringBuilder sb = new StringBuilder(dtype == null ? "?" : dtype.onnxName()).append('[');
        for (int i = 0; i < dims.length; i++) {
            if (i > 0) {
                sb.append(',');
            }
            if (dims[i] >= 0) {
                sb.append(dims[i]);
            } else {
                sb.append(dimNames != null && dimNames[i] != null ? dimNames[i] : "?");
            }
        }
        return sb.append(']').toString();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TensorType t && t.dtype == dtype && Arrays.equals(t.dims, dims)
                && Arrays.equals(t.dimNames, dimNames);
    }

    @Override
    public int hashCode() {
        return 31 * (dtype == null ? 0 : dtype.hashCode()) + Arrays.hashCode(dims);
    }
}
