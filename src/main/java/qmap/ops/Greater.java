package qmap.ops;

/** Greater: a > b, broadcast, as BOOL. */
public final class Greater extends Comparison {
    @Override
    protected boolean holds(double a, double b) {
        return a > b;
    }

    @Override
    protected boolean holds(int cmp) {
        return cmp > 0;
    }
}
