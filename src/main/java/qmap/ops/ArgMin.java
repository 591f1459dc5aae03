package qmap.ops;

import qmap.ir.DType;

/** ArgMin: index of the smallest element along an axis. */
public final class ArgMin extends ArgReduction {
    @Override
    protected boolean better(double v, double best) {
        return v < best || Double.isNaN(v) && !Double.isNaN(best);
    }

    @Override
    protected boolean betterLong(long v, long best, DType t) {
        return t == DType.UINT64 ? Long.compareUnsigned(v, best) < 0 : v < best;
    }
}
