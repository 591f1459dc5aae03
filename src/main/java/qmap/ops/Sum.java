package qmap.ops;

import qmap.ir.DType;

/** Sum: the sum of all inputs, broadcast. */
public final class Sum extends ElementwiseVariadic {
    @Override
    protected double apply(double a, double b) {
        return a + b;
    }

    @Override
    protected long applyLong(long a, long b, DType dtype) {
        return a + b;
    }
}
