package qmap.ops;

import qmap.ir.Node;

/** Floor: the largest integer not above x. */
public final class Floor extends ElementwiseUnary {
    @Override
    protected double apply(Node node, double x) {
        return Math.floor(x);
    }
}
