package qmap.ops;

import qmap.ir.Node;

/** Selu: gamma * (x for x > 0, alpha * (exp(x) - 1) otherwise), with the self-normalizing defaults. */
public final class Selu extends ElementwiseUnary {
    @Override
    protected double apply(Node node, double x) {
        double alpha = node.attrFloat("alpha", 1.67326319217681884765625f);
        double gamma = node.attrFloat("gamma", 1.05070102214813232421875f);
        return gamma * (x > 0 ? x : alpha * Math.expm1(x));
    }
}
