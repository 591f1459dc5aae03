package qmap.ops;

import qmap.ir.DType;
import qmap.ir.Node;
import qmap.ir.Tensor;
import qmap.ir.TensorType;

/**
 * Base of unary elementwise ops: one line of math in {@link #apply(double)}, optionally an
 * integer form in {@link #applyLong(long)}. The output has the input's type and shape.
 */
public abstract class ElementwiseUnary implements Operator {
    /** The function on a real value; {@code node} gives access to attributes. */
    protected abstract double apply(Node node, double x);

    /** The function on an integer value; by default integers are rejected. */
    protected long applyLong(Node node, long x, DType dtype) {
        throw new IllegalArgumentException(getClass().getSimpleName() + " does not accept " + dtype.onnxName());
    }

    @Override
    public Tensor[] run(Node node, Tensor[] in) {
        Tensor x = in[0];
        int n = x.size();
        return switch (x.dtype().storage()) {
            case FLOAT -> {
                float[] a = x.floats();
                float[] out = new float[n];
                for (int i = 0; i < n; i++) {
                    out[i] = (float) apply(node, a[i]);
                }
                yield new Tensor[] {Tensor.of(x.dtype(), x.shape(), out)};
            }
            case DOUBLE -> {
                double[] a = x.doubles();
                double[] out = new double[n];
                for (int i = 0; i < n; i++) {
                    out[i] = apply(node, a[i]);
                }
                yield new Tensor[] {Tensor.of(x.dtype(), x.shape(), out)};
            }
            case LONG -> {
                long[] a = x.longs();
                long[] out = new long[n];
                for (int i = 0; i < n; i++) {
                    out[i] = applyLong(node, a[i], x.dtype());
                }
                yield new Tensor[] {Tensor.of(x.dtype(), x.shape(), out)};
            }
            case STRING -> throw new IllegalArgumentException(getClass().getSimpleName() + " does not accept string");
        };
    }

    @Override
    public TensorType[] infer(Node node, TensorType[] in, Tensor[] values) {
        return Inference.sameAsInput(node, in);
    }
}
