package qmap.ops;

import qmap.ir.DType;
import qmap.ir.Node;

/** Not: logical negation of a BOOL tensor. */
public final class Not extends ElementwiseUnary {
    @Override
    protected double apply(Node node, double x) {
        throw new IllegalArgumentException("Not accepts only bool");
    }

    @Override
    protected long applyLong(Node node, long x, DType dtype) {
        if (dtype != DType.BOOL) {
            throw new IllegalArgumentException("Not accepts only bool, got " + dtype.onnxName());
        }
        return x == 0 ? 1 : 0;
    }
}
