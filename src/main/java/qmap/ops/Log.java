package qmap.ops;

import qmap.ir.Node;

/** Log: the natural logarithm (NaN below zero, -inf at zero). */
public final class Log extends ElementwiseUnary {
    @Override
    protected double apply(Node node, double x) {
        return Math.log(x);
    }
}
