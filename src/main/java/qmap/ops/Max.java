package qmap.ops;

import qmap.ir.DType;

/** Max: the elementwise maximum of all inputs, broadcast; NaN wins. */
public final class Max extends ElementwiseVariadic {
    @Override
    protected double apply(double a, double b) {
        return Math.max(a, b);
    }

    @Override
    protected long applyLong(long a, long b, DType dtype) {
        return compare(a, b, dtype) >= 0 ? a : b;
    }
}
