package qmap.ops;

import qmap.ir.Node;

/** Sqrt: the square root (NaN below zero). */
public final class Sqrt extends ElementwiseUnary {
    @Override
    protected double apply(Node node, double x) {
        return Math.sqrt(x);
    }
}
