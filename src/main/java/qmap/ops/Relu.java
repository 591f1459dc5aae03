package qmap.ops;

import qmap.ir.DType;
import qmap.ir.Node;

/** Relu: max(x, 0); NaN passes through. */
public final class Relu extends ElementwiseUnary {
    @Override
    protected double apply(Node node, double x) {
        return x < 0 ? 0 : x;
    }

    @Override
    protected long applyLong(Node node, long x, DType dtype) {
        return dtype.isSigned() ? Math.max(x, 0) : x;
    }
}
