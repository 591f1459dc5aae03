package qmap.ops;

/** ReduceLogSum: log of the sum (-inf for an empty set); real types only. */
public final class ReduceLogSum extends Reduction {
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
        return Math.log(acc);
    }
}
