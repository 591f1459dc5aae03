package qmap.ops;

import qmap.ir.DType;

/** ReduceProd: the product over the reduced axes (1 for an empty set). */
public final class ReduceProd extends Reduction {
    @Override
    protected double initial() {
        return 1;
    }

    @Override
    protected double accumulate(double acc, double x) {
        return acc * x;
    }

    @Override
    protected long initialLong(DType t) {
        return 1;
    }

    @Override
    protected long accumulateLong(long acc, long x, DType t) {
        return acc * x;
    }
}
