package qmap.ops;

import java.util.Arrays;
import qmap.ir.DType;
import qmap.ir.Shapes;
import qmap.ir.Tensor;

/** PRelu: x for x >= 0, slope * x below; the slope broadcasts to x's shape (one direction only). */
public final class PRelu extends ElementwiseBinary {
    @Override
    protected double apply(double x, double slope) {
        return x < 0 ? slope * x : x;
    }

    @Override
    protected long applyLong(long x, long slope, DType dtype) {
        return dtype.isSigned() && x < 0 ? slope * x : x;
    }

    @Override
    public Tensor compute(Tensor x, Tensor slope) {
        if (!Arrays.equals(Shapes.broadcast(x.shape(), slope.shape()), x.shape())) {
            throw new IllegalArgumentException("slope of shape " + Shapes.format(slope.shape())
                    + " does not broadcast to the input's shape " + Shapes.format(x.shape()));
        }
        return super.compute(x, slope);
    }
}
