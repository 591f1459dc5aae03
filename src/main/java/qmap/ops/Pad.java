package qmap.ops;

import java.util.Arrays;
import qmap.ir.Node;
import qmap.ir.Shapes;
import qmap.ir.Tensor;
import qmap.ir.TensorType;

/**
 * Pad: adds {@code pads} = [begin_0, ..., begin_k, end_0, ..., end_k] elements around the
 * listed axes (default: all), filled by {@code mode}: constant (the constant_value input, else
 * 0), edge, reflect or wrap. Negative pads remove elements; as in ONNX Runtime they crop
 * first, and edge/reflect/wrap then pad the cropped tensor.
 */
public final class Pad implements Operator {
    @Override
    public Tensor[] run(Node node, Tensor[] in) {
        Tensor x = in[0];
        int[] shape = x.shape();
        long[][] pads = pads(in[1].toLongs(), optional(in, 3), shape.length);
        String mode = node.attrString("mode", "constant");
        int[][] coords = new int[shape.length][];
        for (int d = 0; d < shape.length; d++) {
            coords[d] = axisCoords(shape[d], pads[0][d], pads[1][d], mode);
        }
        Tensor fill = in.length > 2 && in[2] != null && in[2].size() > 0 ? in[2] : null;
        if (fill != null && fill.dtype() != x.dtype()) {
            throw new IllegalArgumentException("constant_value is " + fill.dtype().onnxName() + ", data is "
                    + x.dtype().onnxName());
        }
        return new Tensor[] {IndexMap.perAxis(shape, coords).take(x, fill)};
    }

    @Override
    public TensorType[] infer(Node node, TensorType[] in, Tensor[] values) {
        TensorType x = in[0] == null ? TensorType.UNKNOWN : in[0];
        if (!x.hasRank()) {
            return new TensorType[] {Inference.typed(x.dtype(), null)};
        }
        int[] dims = x.dims().clone();
        boolean axesKnown = in.length < 4 || in[3] == null || values[3] != null;
        if (values.length < 2 || values[1] == null || !axesKnown) {
            Arrays.fill(dims, -1);
            return new TensorType[] {Inference.typed(x.dtype(), dims)};
        }
        long[][] pads = pads(values[1].toLongs(), optional(values, 3), dims.length);
        for (int d = 0; d < dims.length; d++) {
            long size = dims[d] + pads[0][d] + pads[1][d];
            dims[d] = dims[d] < 0 ? -1 : (int) size;
        }
        return new TensorType[] {Inference.typed(x.dtype(), dims)};
    }

    private static long[] optional(Tensor[] in, int i) {
        return i < in.length && in[i] != null ? in[i].toLongs() : null;
    }

    /** Begin and end pads per axis of the input, zero for axes not listed. */
    private static long[][] pads(long[] pads, long[] axes, int rank) {
        int k = axes == null ? rank : axes.length;
        if (pads.length != 2 * k) {
            throw new IllegalArgumentException("pads has " + pads.length + " values for " + k + " axes");
        }
        long[][] out = new long[2][rank];
        for (int i = 0; i < k; i++) {
            int axis = axes == null ? i : Shapes.normalizeAxis(axes[i], rank);
            out[0][axis] = pads[i];
            out[1][axis] = pads[k + i];
        }
        return out;
    }

    /** For each output position along one axis, the input position it copies, or -1 for fill. */
    private static int[] axisCoords(int dim, long begin, long end, String mode) {
        long lo = Math.max(0, -begin);
        long kept = dim - lo - Math.max(0, -end);
        long before = Math.max(0, begin);
        long size = kept + before + Math.max(0, end);
        if (kept < 0 || size < 0) {
            throw new IllegalArgumentException("pads " + begin + ", " + end + " crop more than the dim " + dim);
        }
        if (kept == 0 && size > 0 && !mode.equals("constant")) {
            throw new IllegalArgumentException(mode + " padding of an empty axis");
        }
        int[] coords = new int[Math.toIntExact(size)];
        for (int j = 0; j < coords.length; j++) {
            long k = j - before;
            if (k < 0 || k >= kept) {
                k = switch (mode) {
                    case "constant" -> -1;
                    case "edge" -> k < 0 ? 0 : kept - 1;
                    case "reflect" -> reflect(k, kept);
                    case "wrap" -> Math.floorMod(k, kept);
                    default -> throw new IllegalArgumentException("unknown pad mode '" + mode + "'");
                };
            }
            coords[j] = k < 0 ? -1 : (int) (k + lo);
        }
        return coords;
    }

    /** Mirror index without repeating the edge element: ... 2 1 [0 1 2 ... m-1] m-2 ... */
    private static long reflect(long k, long m) {
        if (m == 1) {
            return 0;
        }
        long period = 2 * (m - 1);
        long r = Math.floorMod(k, period);
        return r < m ? r : period - r;
    }
}
