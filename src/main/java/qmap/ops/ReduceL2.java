package qmap.ops;

import qmap.ir.DType;

/** ReduceL2: the square root of the sum of squares (truncated for integer types). */
public final class ReduceL2 extends Reduction {
    @Override
    protected double initial() {
        return 0;
    }

    @Override
    protected double accumulate(double acc, double x) {
        return acc + x * x;
    }

    @Override
    protected double finish(double acc, long count) {
        return Math.sqrt(acc);
    }

    @Override
    protected long initialLong(DType t) {
        return 0;
    }

    @Override
    protected long accumulateLong(long acc, long x, DType t) {
        return acc + x * x;
    }

    @Override
    protected long finishLong(long acc, long count, DType t) {
        return (long) Math.sqrt(acc);
    }
}
