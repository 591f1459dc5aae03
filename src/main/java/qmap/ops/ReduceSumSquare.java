package qmap.ops;

import qmap.ir.DType;

/** ReduceSumSquare: the sum of squares. */
public final class ReduceSumSquare extends Reduction {
    @Override
    protected double initial() {
        return 0;
    }

    @Override
    protected double accumulate(double acc, double x) {
        return acc + x * x;
    }

    @Override
    protected long initialLong(DType t) {
        return 0;
    }

    @Override
    protected long accumulateLong(long acc, long x, DType t) {
        return acc + x * x;
    }
}
