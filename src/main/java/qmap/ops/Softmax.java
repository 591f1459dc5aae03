package qmap.ops;

import qmap.ir.Node;
import qmap.ir.Shapes;
import qmap.ir.Tensor;
import qmap.ir.TensorType;

/**
 * Softmax along {@code axis} (default -1): e^(x - max) / sum e^(x - max), in double. The
 * maximum is subtracted first so that large inputs do not overflow. LogSoftmax shares the
 * pass and differs only in {@link #normalize}.
 */
public class Softmax implements Operator {
    /**
     * Turns one row of shifted values (x - the row's max; from {@code start} to {@code end},
     * {@code stride} apart) into outputs, in place; {@code sum} is the row's sum of e^shifted.
     */
    protected void normalize(double[] row, int start, int end, int stride, double sum) {
        for (int i = start; i < end; i += stride) {
            row[i] = Math.exp(row[i]) / sum;
        }
    }

    @Override
    public Tensor[] run(Node node, Tensor[] in) {
        Tensor x = in[0];
        if (!x.dtype().isFloatingPoint()) {
            throw new IllegalArgumentException(node.opType() + " needs a floating-point input, got "
                    + x.dtype().onnxName());
        }
        int[] shape = x.shape();
        int axis = Shapes.normalizeAxis(node.attrInt("axis", -1), shape.length);
        int len = shape[axis];
        int inner = 1;
        for (int d = axis + 1; d < shape.length; d++) {
            inner *= shape[d];
        }
        int outer = len * inner == 0 ? 0 : x.size() / (len * inner);
        double[] v = x.toDoubles();
        double[] out = new double[v.length];
        for (int o = 0; o < outer; o++) {
            for (int j = 0; j < inner; j++) {
                row(v, out, o * len * inner + j, len, inner);
            }
        }
        return new Tensor[] {Tensor.fromDoubles(x.dtype(), shape, out)};
    }

    /** One row of {@code len} elements starting at {@code start}, {@code stride} apart. */
    private void row(double[] v, double[] out, int start, int len, int stride) {
        int end = start + len * stride;
        double max = Double.NEGATIVE_INFINITY;
        for (int i = start; i < end; i += stride) {
            max = Math.max(max, v[i]);
        }
        double sum = 0;
        for (int i = start; i < end; i += stride) {
            out[i] = v[i] - max;
            sum += Math.exp(out[i]);
        }
        normalize(out, start, end, stride, sum);
    }

    @Override
    public TensorType[] infer(Node node, TensorType[] in, Tensor[] values) {
        return Inference.sameAsInput(node, in);
    }
}
