package qmap.conformance;

import java.util.Arrays;
import qmap.ir.DType;
import qmap.ir.Tensor;

/**
 * Compares an actual tensor with an expected one as the ONNX backend tests do: same type and
 * shape, numbers within {@code atol + rtol * |expected|}, NaN equal to NaN, exact integers,
 * bools and strings.
 */
public final class TensorComparison {
    private final double rtol;
    private final double atol;

    public TensorComparison(double rtol, double atol) {
        this.rtol = rtol;
        this.atol = atol;
    }

    /** Null when equal within tolerance, else what differs. */
    public String difference(Tensor actual, Tensor expected) {
        if (actual.dtype() != expected.dtype()) {
            return "type " + actual.dtype().onnxName() + ", expected " + expected.dtype().onnxName();
        }
        if (!Arrays.equals(actual.shape(), expected.shape())) {
            return "shape " + Arrays.toString(actual.shape()) + ", expected " + Arrays.toString(expected.shape());
        }
        int n = expected.size();
        if (expected.dtype() == DType.STRING) {
            for (int i = 0; i < n; i++) {
                if (!actual.strings()[i].equals(expected.strings()[i])) {
                    return "element " + i + ": '" + actual.strings()[i] + "', expected '" + expected.strings()[i] + "'";
                }
            }
            return null;
        }
        if (expected.dtype().storage() == DType.Storage.LONG) {
            long[] a = actual.longs();
            long[] e = expected.longs();
            for (int i = 0; i < n; i++) {
                if (a[i] != e[i]) {
                    return "element " + i + ": " + a[i] + ", expected " + e[i];
                }
            }
            return null;
        }
        int bad = 0;
        int first = -1;
        double worst = 0;
        for (int i = 0; i < n; i++) {
            double a = actual.getDouble(i);
            double e = expected.getDouble(i);
            if (Double.isNaN(a) && Double.isNaN(e) || a == e) {
                continue;
            }
            double diff = Math.abs(a - e);
            if (!(diff <= atol + rtol * Math.abs(e))) {
                bad++;
                if (first < 0) {
                    first = i;
                }
                worst = Math.max(worst, Double.isNaN(diff) ? Double.POSITIVE_INFINITY : diff);
            }
        }
        if (bad == 0) {
            return null;
        }
        return bad + " of " + n + " elements differ (max abs diff " + worst + "; element " + first + ": "
                + actual.getDouble(first) + ", expected " + expected.getDouble(first) + ")";
    }
}
