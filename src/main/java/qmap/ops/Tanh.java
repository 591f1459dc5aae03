package qmap.ops;

import qmap.ir.Node;

/** Tanh: the hyperbolic tangent. */
public final class Tanh extends ElementwiseUnary {
    @Override
    protected double apply(Node node, double x) {
        return Math.tanh(x);
    }
}
