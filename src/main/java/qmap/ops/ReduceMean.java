package qmap.ops;

import qmap.ir.DType;

/** ReduceMean: the sum over the reduced axes divided by their element count. */
public final class ReduceMean extends Reduction {
    @Override
    protected double initial() {
        return 0;
    }

    @Override
    protected double accumulate(double acc, double x) {
        return acc + x;
    }

    @Override
    protected double finish(double acc, long count) {
        return acc / count;
    }

    @Override
    protected long initialLong(DType t) {
        return 0;
    }

    @Override
    protected long accumulateLong(long acc, long x, DType t) {
        return acc + x;
    }

    /** Integer division truncating toward zero, as numpy's mean cast back to the integer type. */
    @Override
    protected long finishLong(long acc, long count, DType t) {
        if (count == 0) {
            return 0;
        }
        return t == DType.UINT64 ? Long.divideUnsigned(acc, count) : acc / count;
    }
}
