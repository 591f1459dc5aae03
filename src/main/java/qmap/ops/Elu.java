package qmap.ops;

import qmap.ir.Node;

/** Elu: x for x >= 0, alpha * (exp(x) - 1) below; alpha 1 by default. */
public final class Elu extends ElementwiseUnary {
    @Override
    protected double apply(Node node, double x) {
        return x >= 0 ? x : node.attrFloat("alpha", 1f) * Math.expm1(x);
    }
}
