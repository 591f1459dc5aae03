package qmap.ops;

import qmap.ir.Tensor;

/** Mean: the inputs summed in order, broadcast, then divided by their count (in the input type). */
public final class Mean extends ElementwiseVariadic {
    private static final Div DIV = new Div();

    @Override
    protected double apply(double a, double b) {
        return a + b;
    }

    @Override
    protected Tensor finish(Tensor folded, int count) {
        return DIV.compute(folded, Tensor.fromDoubles(folded.dtype(), new int[0], new double[] {count}));
    }
}
