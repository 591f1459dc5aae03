package qmap.ops;

import qmap.ir.Node;

/** HardSigmoid: max(0, min(1, alpha * x + beta)), alpha 0.2 and beta 0.5 by default. */
public final class HardSigmoid extends ElementwiseUnary {
    @Override
    protected double apply(Node node, double x) {
        return clamp01(node.attrFloat("alpha", 0.2f) * x + node.attrFloat("beta", 0.5f));
    }

    /** max(0, min(1, v)) with NaN passing through. */
    static double clamp01(double v) {
        return v < 0 ? 0 : v > 1 ? 1 : v;
    }
}
