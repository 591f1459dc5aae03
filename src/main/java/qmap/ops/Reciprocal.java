package qmap.ops;

import qmap.ir.Node;

/** Reciprocal: 1 / x. */
public final class Reciprocal extends ElementwiseUnary {
    @Override
    protected double apply(Node node, double x) {
        return 1 / x;
    }
}
