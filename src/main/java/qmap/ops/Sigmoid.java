package qmap.ops;

import qmap.ir.Node;

/** Sigmoid: 1 / (1 + e^-x), evaluated so that neither side overflows. */
public final class Sigmoid extends ElementwiseUnary {
    @Override
    protected double apply(Node node, double x) {
        if (x >= 0) {
            return 1 / (1 + Math.exp(-x));
        }
        double e = Math.exp(x);
        return e / (1 + e);
    }
}
