package qmap.ops;

import qmap.ir.DType;
import qmap.ir.Tensor;

/**
 * Pow: a ^ b, broadcast. The result has the base's type whatever the exponent's type; an
 * integer base with a real exponent is computed in double and truncated toward zero.
 */
public final class Pow extends ElementwiseBinary {
    @Override
    protected double apply(double a, double b) {
        return Math.pow(a, b);
    }

    /** Repeated squaring, wrapping like the integer type; a negative exponent truncates 1/a^-b. */
    @Override
    protected long applyLong(long a, long b, DType dtype) {
        if (b < 0) {
            return a == 1 ? 1 : a == -1 ? ((b & 1) == 0 ? 1 : -1) : 0;
        }
        long result = 1;
        long base = a;
        for (long e = b; e != 0; e >>>= 1) {
            if ((e & 1) != 0) {
                result *= base;
            }
            base *= base;
        }
        return result;
    }

    @Override
    public Tensor compute(Tensor x, Tensor y) {
        if (!x.dtype().isInteger() || !y.dtype().isFloatingPoint()) {
            return super.compute(x, y);
        }
        Broadcast bc = Broadcast.of(x, y);
        double[] a = x.toDoubles();
        double[] b = y.toDoubles();
        double[] out = new double[bc.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = Math.pow(a[bc.a(i)], b[bc.b(i)]);
        }
        return Tensor.fromDoubles(x.dtype(), bc.shape(), out);
    }
}
