package qmap.ops;

import qmap.ir.DType;
import qmap.ir.Node;
import qmap.ir.Tensor;
import qmap.ir.TensorType;

/** Where: x where the BOOL condition holds, else y; the three inputs broadcast together. */
public final class Where implements Operator {
    @Override
    public Tensor[] run(Node node, Tensor[] in) {
        Tensor c = in[0];
        Tensor x = in[1];
        Tensor y = in[2];
        if (c.dtype() != DType.BOOL) {
            throw new IllegalArgumentException("condition must be bool, got " + c.dtype().onnxName());
        }
        if (x.dtype() != y.dtype()) {
            throw new IllegalArgumentException("x and y differ in type: " + x.dtype().onnxName() + " and "
                    + y.dtype().onnxName());
        }
        Broadcast bc = Broadcast.of(c, x, y);
        long[] cond = c.longs();
        int n = bc.size();
        int[] shape = bc.shape();
        switch (x.dtype().storage()) {
            case FLOAT -> {
                float[] a = x.floats();
                float[] b = y.floats();
                float[] out = new float[n];
                for (int i = 0; i < n; i++) {
                    out[i] = cond[bc.index(0, i)] != 0 ? a[bc.index(1, i)] : b[bc.index(2, i)];
                }
                return new Tensor[] {Tensor.of(x.dtype(), shape, out)};
            }
            case DOUBLE -> {
                double[] a = x.doubles();
                double[] b = y.doubles();
                double[] out = new double[n];
                for (int i = 0; i < n; i++) {
                    out[i] = cond[bc.index(0, i)] != 0 ? a[bc.index(1, i)] : b[bc.index(2, i)];
                }
                return new Tensor[] {Tensor.of(x.dtype(), shape, out)};
            }
            case LONG -> {
                long[] a = x.longs();
                long[] b = y.longs();
                long[] out = new long[n];
                for (int i = 0; i < n; i++) {
                    out[i] = cond[bc.index(0, i)] != 0 ? a[bc.index(1, i)] : b[bc.index(2, i)];
                }
                return new Tensor[] {Tensor.of(x.dtype(), shape, out)};
            }
            default -> {
                String[] a = x.strings();
                String[] b = y.strings();
                String[] out = new String[n];
                for (int i = 0; i < n; i++) {
                    out[i] = cond[bc.index(0, i)] != 0 ? a[bc.index(1, i)] : b[bc.index(2, i)];
                }
                return new Tensor[] {Tensor.ofStrings(shape, out)};
            }
        }
    }

    @Override
    public TensorType[] infer(Node node, TensorType[] in, Tensor[] values) {
        DType t = in.length > 1 && in[1] != null ? in[1].dtype() : null;
        return new TensorType[] {Inference.typed(t, Inference.broadcastDims(in))};
    }
}
