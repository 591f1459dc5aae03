package qmap.ops;

import qmap.ir.DType;
import qmap.ir.Node;

/** Neg: -x; integers wrap (the most negative value is its own negation). */
public final class Neg extends ElementwiseUnary {
    @Override
    protected double apply(Node node, double x) {
        return -x;
    }

    @Override
    protected long applyLong(Node node, long x, DType dtype) {
        return -x;
    }
}
