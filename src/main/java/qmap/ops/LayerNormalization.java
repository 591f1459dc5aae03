package qmap.ops;

import java.util.Arrays;
import qmap.ir.DType;
import qmap.ir.Node;
import qmap.ir.Shapes;
import qmap.ir.Tensor;
import qmap.ir.TensorType;

/**
 * LayerNormalization: X is normalized over the axes from {@code axis} on (mean and population
 * variance of each such slice), then multiplied by Scale and shifted by the optional B, both
 * broadcast to X. The optional outputs Mean and InvStdDev keep X's rank with the normalized axes
 * as 1 and have the stash_type element type.
 */
public final class LayerNormalization implements Operator {
    @Override
    public Tensor[] run(Node node, Tensor[] in) {
        Tensor x = in[0];
        Tensor scale = in[1];
        Tensor b = in.length > 2 ? in[2] : null;
        int axis = Shapes.normalizeAxis(node.attrInt("axis", -1), x.rank());
        double epsilon = node.attrFloat("epsilon", 1e-5f);
        int[] shape = x.shape();
        int rows = Shapes.size(Arrays.copyOf(shape, axis));
        int cols = Shapes.size(Arrays.copyOfRange(shape, axis, shape.length));
        double[] xs = x.toDoubles();
        double[] ss = scale.toDoubles();
        double[] bs = b == null ? null : b.toDoubles();
        int[] scaleIndex = broadcastIndex(scale, shape, "Scale");
        int[] biasIndex = b == null ? null : broadcastIndex(b, shape, "B");
        double[] y = new double[xs.length];
        double[] means = new double[rows];
        double[] invStdDevs = new double[rows];
        for (int r = 0; r < rows; r++) {
            int base = r * cols;
            double sum = 0;
            for (int i = base; i < base + cols; i++) {
                sum += xs[i];
            }
            double mean = sum / cols;
            double squares = 0;
            for (int i = base; i < base + cols; i++) {
                squares += (xs[i] - mean) * (xs[i] - mean);
            }
            double invStdDev = 1 / Math.sqrt(squares / cols + epsilon);
            for (int i = base; i < base + cols; i++) {
                double v = (xs[i] - mean) * invStdDev * ss[scaleIndex[i]];
                y[i] = bs == null ? v : v + bs[biasIndex[i]];
            }
            means[r] = mean;
            invStdDevs[r] = invStdDev;
        }
        Tensor[] out = new Tensor[node.outputs().size()];
        out[0] = Tensor.fromDoubles(x.dtype(), shape, y);
        DType stash = stashType(node);
        int[] statShape = statisticsShape(shape, axis);
        if (out.length > 1) {
            out[1] = Tensor.fromDoubles(stash, statShape, means);
        }
        if (out.length > 2) {
            out[2] = Tensor.fromDoubles(stash, statShape, invStdDevs);
        }
        return out;
    }

    private static int[] broadcastIndex(Tensor t, int[] xShape, String name) {
        int[] joint = Shapes.broadcast(t.shape(), xShape);
        if (joint == null || !Arrays.equals(joint, xShape)) {
            throw new IllegalArgumentException(name + " of shape " + Shapes.format(t.shape())
                    + " does not broadcast to X of shape " + Shapes.format(xShape));
        }
        return Broadcast.flatIndex(t.shape(), xShape);
    }

    private static DType stashType(Node node) {
        return DType.fromOnnx((int) node.attrInt("stash_type", DType.FLOAT.onnxCode()));
    }

    /** X's leading dims up to {@code axis}, then 1 for each normalized axis. */
    private static int[] statisticsShape(int[] xShape, int axis) {
        int[] s = xShape.clone();
        Arrays.fill(s, axis, s.length, 1);
        return s;
    }

    @Override
    public TensorType[] infer(Node node, TensorType[] in, Tensor[] values) {
        TensorType x = in[0] == null ? TensorType.UNKNOWN : in[0];
        TensorType[] out = new TensorType[node.outputs().size()];
        out[0] = x;
        int[] statDims = x.hasRank()
                ? statisticsShape(x.dims(), Shapes.normalizeAxis(node.attrInt("axis", -1), x.rank())) : null;
        for (int i = 1; i < out.length; i++) {
            out[i] = Inference.typed(stashType(node), statDims);
        }
        return out;
    }
}
