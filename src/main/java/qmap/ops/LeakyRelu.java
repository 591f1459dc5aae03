package qmap.ops;

import qmap.ir.Node;

/** LeakyRelu: x for x >= 0, alpha * x below (alpha defaults to 0.01). */
public final class LeakyRelu extends ElementwiseUnary {
    @Override
    protected double apply(Node node, double x) {
        return x < 0 ? node.attrFloat("alpha", 0.01f) * x : x;
    }
}
