package qmap.ops;

import qmap.ir.DType;
import qmap.ir.Node;
import qmap.ir.Tensor;
import qmap.ir.TensorType;

/**
 * Base of binary elementwise ops with numpy broadcasting. Subclasses give the real-valued
 * function and, where ONNX defines one, the integer function. Comparison ops override
 * {@link #outputType} to return BOOL.
 */
public abstract class ElementwiseBinary implements Operator {
    protected abstract double apply(double a, double b);

    protected long applyLong(long a, long b, DType dtype) {
        throw new IllegalArgumentException(getClass().getSimpleName() + " does not accept " + dtype.onnxName());
    }

    /** Orders two integers of {@code dtype}; uint64 values, held in a long, compare unsigned. */
    protected static int compare(long a, long b, DType dtype) {
        return dtype == DType.UINT64 ? Long.compareUnsigned(a, b) : Long.compare(a, b);
    }

    /** The output element type for the given input type. */
    protected DType outputType(DType input) {
        return input;
    }

    @Override
    public Tensor[] run(Node node, Tensor[] in) {
        return new Tensor[] {compute(in[0], in[1])};
    }

    /** The op on two tensors, broadcast. */
    public Tensor compute(Tensor x, Tensor y) {
        DType outType = outputType(x.dtype());
        Broadcast bc = Broadcast.of(x, y);
        int n = bc.size();
        int[] shape = bc.shape();
        switch (x.dtype().storage()) {
            case FLOAT -> {
                float[] a = x.floats();
                float[] b = y.toFloats();
                if (outType.storage() == DType.Storage.FLOAT) {
                    float[] out = new float[n];
                    for (int i = 0; i < n; i++) {
                        out[i] = (float) apply(a[bc.a(i)], b[bc.b(i)]);
                    }
                    return Tensor.of(outType, shape, out);
                }
                long[] out = new long[n];
                for (int i = 0; i < n; i++) {
                    out[i] = (long) apply(a[bc.a(i)], b[bc.b(i)]);
                }
                return Tensor.of(outType, shape, out);
            }
            case DOUBLE -> {
                double[] a = x.doubles();
                double[] b = y.toDoubles();
                if (outType.storage() == DType.Storage.DOUBLE) {
                    double[] out = new double[n];
                    for (int i = 0; i < n; i++) {
                        out[i] = apply(a[bc.a(i)], b[bc.b(i)]);
                    }
                    return Tensor.of(outType, shape, out);
                }
                long[] out = new long[n];
                for (int i = 0; i < n; i++) {
                    out[i] = (long) apply(a[bc.a(i)], b[bc.b(i)]);
                }
                return Tensor.of(outType, shape, out);
            }
            case LONG -> {
                long[] a = x.longs();
                long[] b = y.toLongs();
                long[] out = new long[n];
                for (int i = 0; i < n; i++) {
                    out[i] = applyLong(a[bc.a(i)], b[bc.b(i)], x.dtype());
                }
                return Tensor.of(outType, shape, out);
            }
            default -> throw new IllegalArgumentException(getClass().getSimpleName() + " does not accept string");
        }
    }

    @Override
    public TensorType[] infer(Node node, TensorType[] in, Tensor[] values) {
        DType t = in[0] == null ? null : in[0].dtype();
        return new TensorType[] {Inference.typed(t == null ? null : outputType(t), Inference.broadcastDims(in))};
    }
}
