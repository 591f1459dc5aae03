package qmap.ops;

import qmap.ir.Node;

/** HardSwish: x * HardSigmoid(x) with alpha 1/6 and beta 0.5. */
public final class HardSwish extends ElementwiseUnary {
    @Override
    protected double apply(Node node, double x) {
        return x * HardSigmoid.clamp01(x / 6 + 0.5);
    }
}
