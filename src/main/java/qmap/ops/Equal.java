package qmap.ops;

import qmap.ir.DType;
import qmap.ir.Tensor;

/** Equal: a == b, broadcast, as BOOL; numbers, bools and strings. */
public final class Equal extends Comparison {
    @Override
    protected boolean holds(double a, double b) {
        return a == b;
    }

    @Override
    protected boolean holds(int cmp) {
        return cmp == 0;
    }

    @Override
    public Tensor compute(Tensor x, Tensor y) {
        if (x.dtype() != DType.STRING) {
            return super.compute(x, y);
        }
        if (y.dtype() != DType.STRING) {
            throw new IllegalArgumentException("Equal compares string with " + y.dtype().onnxName());
        }
        Broadcast bc = Broadcast.of(x, y);
        String[] a = x.strings();
        String[] b = y.strings();
        long[] out = new long[bc.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = a[bc.a(i)].equals(b[bc.b(i)]) ? 1 : 0;
        }
        return Tensor.of(DType.BOOL, bc.shape(), out);
    }
}
