package qmap.ops;

/**
 * ReduceLogSumExp: log(sum(exp(x))) (-inf for an empty set); real types only. The running
 * value is kept as a log so that large inputs do not overflow exp.
 */
public final class ReduceLogSumExp extends Reduction {
    @Override
    protected double initial() {
        return Double.NEGATIVE_INFINITY;
    }

    @Override
    protected double accumulate(double acc, double x) {
        double hi = Math.max(acc, x);
        return Double.isInfinite(hi) ? hi : hi + Math.log1p(Math.exp(Math.min(acc, x) - hi));
    }
}
