package qmap.ops;

import qmap.ir.DType;

/** Div: a / b, broadcast; integer division truncates toward zero. */
public final class Div extends ElementwiseBinary {
    @Override
    protected double apply(double a, double b) {
        return a / b;
    }

    @Override
    protected long applyLong(long a, long b, DType dtype) {
        if (b == 0) {
            throw new IllegalArgumentException("integer division by zero");
        }
        return dtype == DType.UINT64 ? Long.divideUnsigned(a, b) : a / b;
    }
}
