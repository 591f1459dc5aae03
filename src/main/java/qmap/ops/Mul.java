package qmap.ops;

import qmap.ir.DType;

/** Mul: a * b, broadcast. */
public final class Mul extends ElementwiseBinary {
    @Override
    protected double apply(double a, double b) {
        return a * b;
    }

    @Override
    protected long applyLong(long a, long b, DType dtype) {
        return a * b;
    }
}
