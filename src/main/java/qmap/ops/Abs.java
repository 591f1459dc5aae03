package qmap.ops;

import qmap.ir.DType;
import qmap.ir.Node;

/** Abs: |x|; unsigned values are unchanged, and signed integers wrap like Neg. */
public final class Abs extends ElementwiseUnary {
    @Override
    protected double apply(Node node, double x) {
        return Math.abs(x);
    }

    @Override
    protected long applyLong(Node node, long x, DType dtype) {
        return dtype.isSigned() ? Math.abs(x) : x;
    }
}
