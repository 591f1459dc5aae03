package qmap.ops;

import qmap.ir.DType;

/** ReduceMax: the largest element; -inf (or the type's minimum, false) for an empty set. */
public final class ReduceMax extends Reduction {
    @Override
    protected double initial() {
        return Double.NEGATIVE_INFINITY;
    }

    @Override
    protected double accumulate(double acc, double x) {
        return Math.max(acc, x);
    }

    @Override
    protected long initialLong(DType t) {
        return t.minValue();
    }

    @Override
    protected long accumulateLong(long acc, long x, DType t) {
        return t == DType.UINT64 ? (Long.compareUnsigned(acc, x) >= 0 ? acc : x) : Math.max(acc, x);
    }

    @Override
    protected boolean acceptsBool() {
        return true;
    }
}
