package qmap.ops;

import qmap.ir.Node;

/** Ceil: the smallest integer not below x. */
public final class Ceil extends ElementwiseUnary {
    @Override
    protected double apply(Node node, double x) {
        return Math.ceil(x);
    }
}
