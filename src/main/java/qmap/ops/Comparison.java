package qmap.ops;

import qmap.ir.DType;

/**
 * Base of the comparison ops: a broadcast binary op whose output is BOOL. Subclasses say which
 * orderings hold. Reals compare as IEEE doubles (any comparison with NaN is false); uint64
 * values compare unsigned.
 */
public abstract class Comparison extends ElementwiseBinary {
    /** Whether the relation holds for two reals. */
    protected abstract boolean holds(double a, double b);

    /** Whether the relation holds given the integer ordering {@code cmp} (negative, 0, positive). */
    protected abstract boolean holds(int cmp);

    @Override
    protected final double apply(double a, double b) {
        return holds(a, b) ? 1 : 0;
    }

    @Override
    protected final long applyLong(long a, long b, DType dtype) {
        return holds(compare(a, b, dtype)) ? 1 : 0;
    }

    @Override
    protected final DType outputType(DType input) {
        return DType.BOOL;
    }
}
