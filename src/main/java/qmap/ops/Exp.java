package qmap.ops;

import qmap.ir.Node;

/** Exp: e to the x. */
public final class Exp extends ElementwiseUnary {
    @Override
    protected double apply(Node node, double x) {
        return Math.exp(x);
    }
}
