package qmap.ops;

import qmap.ir.DType;

/** ReduceSum: the sum over the reduced axes (0 for an empty set). */
public final class ReduceSum extends Reduction {
    @Override
    protected double initial() {
        return 0;
    }

    @Override
    protected double accumulate(double acc, double x) {
        return acc + x;
    }

    @Override
    protected long initialLong(DType t) {
        return 0;
    }

    @Override
    protected long accumulateLong(long acc, long x, DType t) {
        return acc + x;
    }
}
