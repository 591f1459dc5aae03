package qmap.ops;

import qmap.ir.Node;

/** Softplus: log(1 + exp(x)), written so that large |x| neither overflows nor loses digits. */
public final class Softplus extends ElementwiseUnary {
    @Override
    protected double apply(Node node, double x) {
        return Math.max(x, 0) + Math.log1p(Math.exp(-Math.abs(x)));
    }
}
