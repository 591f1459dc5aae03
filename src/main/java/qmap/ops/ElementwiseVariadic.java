package qmap.ops;

import qmap.ir.Node;
import qmap.ir.Tensor;

/**
 * Base of the variadic elementwise ops (Sum, Mean, Max, Min): the binary kernel folded over
 * the inputs from left to right, all broadcast together.
 */
public abstract class ElementwiseVariadic extends ElementwiseBinary {
    @Override
    public Tensor[] run(Node node, Tensor[] in) {
        if (in.length == 0 || in[0] == null) {
            throw new IllegalArgumentException("needs at least one input");
        }
        Tensor acc = in[0];
        for (int i = 1; i < in.length; i++) {
            acc = compute(acc, in[i]);
        }
        return new Tensor[] {finish(acc, in.length)};
    }

    /** The result from the folded inputs; Mean divides here. */
    protected Tensor finish(Tensor folded, int count) {
        return folded;
    }
}
