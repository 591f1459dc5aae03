package qmap.ops;

import qmap.ir.DType;

/** ReduceMin: the smallest element; +inf (or the type's maximum, true) for an empty set. */
public final class ReduceMin extends Reduction {
    @Override
    protected double initial() {
        return Double.POSITIVE_INFINITY;
    }

    @Override
    protected double accumulate(double acc, double x) {
        return Math.min(acc, x);
    }

    @Override
    protected long initialLong(DType t) {
        return t == DType.UINT64 ? -1L : t.maxValue();
    }

    @Override
    protected long accumulateLong(long acc, long x, DType t) {
        return t == DType.UINT64 ? (Long.compareUnsigned(acc, x) <= 0 ? acc : x) : Math.min(acc, x);
    }

    @Override
    protected boolean acceptsBool() {
        return true;
    }
}
