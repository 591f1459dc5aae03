package qmap.ops;

import qmap.ir.DType;

/** Min: the elementwise minimum of all inputs, broadcast; NaN wins. */
public final class Min extends ElementwiseVariadic {
    @Override
    protected double apply(double a, double b) {
        return Math.min(a, b);
    }

    @Override
    protected long applyLong(long a, long b, DType dtype) {
        return compare(a, b, dtype) <= 0 ? a : b;
    }
}
