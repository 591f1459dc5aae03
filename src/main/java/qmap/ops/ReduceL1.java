package qmap.ops;

import qmap.ir.DType;

/** ReduceL1: the sum of absolute values. */
public final class ReduceL1 extends Reduction {
    @Override
    protected double initial() {
        return 0;
    }

    @Override
    protected double accumulate(double acc, double x) {
        return acc + Math.abs(x);
    }

    @Override
    protected long initialLong(DType t) {
        return 0;
    }

    @Override
    protected long accumulateLong(long acc, long x, DType t) {
        return acc + Math.abs(x);
    }
}
