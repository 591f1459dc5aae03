package qmap.ops;

import java.util.Arrays;
import qmap.ir.Node;
import qmap.ir.Tensor;
import qmap.ir.TensorType;

/**
 * Reshape: the same elements under a new shape. In the target, -1 is inferred from the element
 * count and 0 copies the input's dim at that position (unless {@code allowzero=1}, where 0 is a
 * real zero-sized dim).
 */
public final class Reshape implements Operator {
    @Override
    public Tensor[] run(Node node, Tensor[] in) {
        Tensor x = in[0];
        int[] dims = target(x.shape(), in[1].toLongs(), allowZero(node));
        return new Tensor[] {x.reshape(dims)};
    }

    @Override
    public TensorType[] infer(Node node, TensorType[] in, Tensor[] values) {
        TensorType x = in[0] == null ? TensorType.UNKNOWN : in[0];
        if (values.length > 1 && values[1] != null) {
            int[] inDims = x.hasRank() ? x.dims() : null;
            return new TensorType[] {Inference.typed(x.dtype(), target(inDims, values[1].toLongs(), allowZero(node)))};
        }
        TensorType shape = in.length > 1 ? in[1] : null;
        if (shape != null && shape.isStatic() && shape.rank() == 1) {
            int[] dims = new int[shape.dims()[0]];
            Arrays.fill(dims, -1);
            return new TensorType[] {Inference.typed(x.dtype(), dims)};
        }
        return new TensorType[] {Inference.typed(x.dtype(), null)};
    }

    private static boolean allowZero(Node node) {
        return node.attrInt("allowzero", 0) != 0;
    }

    /**
     * The output dims for a target shape. {@code inDims} may hold -1 (unknown) or be null
     * (unknown rank); then the affected output dims are -1.
     */
    static int[] target(int[] inDims, long[] shape, boolean allowZero) {
        int[] out = new int[shape.length];
        int inferred = -1;
        long known = 1;
        boolean unknown = false;
        for (int i = 0; i < shape.length; i++) {
            long s = shape[i];
            if (s == -1) {
                if (inferred >= 0) {
                    throw new IllegalArgumentException("shape " + Arrays.toString(shape) + " has more than one -1");
                }
                inferred = i;
                continue;
            }
            if (s == 0 && !allowZero) {
                if (inDims != null && i >= inDims.length) {
                    throw new IllegalArgumentException("shape " + Arrays.toString(shape) + " copies dim " + i
                            + " but the input has rank " + inDims.length);
                }
                out[i] = inDims == null ? -1 : inDims[i];
            } else if (s < 0 || s > Integer.MAX_VALUE) {
                throw new IllegalArgumentException("invalid dim " + s + " in shape " + Arrays.toString(shape));
            } else {
                out[i] = (int) s;
            }
            if (out[i] < 0) {
                unknown = true;
            } else {
                known *= out[i];
            }
        }
        long total = elementCount(inDims);
        if (inferred >= 0) {
            if (unknown || total < 0) {
                out[inferred] = -1;
            } else if (known == 0 || total % known != 0) {
                throw new IllegalArgumentException("cannot reshape " + total + " elements to "
                        + Arrays.toString(shape));
            } else {
                out[inferred] = (int) (total / known);
            }
        } else if (!unknown && total >= 0 && total != known) {
            throw new IllegalArgumentException("cannot reshape " + total + " elements to " + Arrays.toString(shape));
        }
        return out;
    }

    /** The element count, or -1 when a dim or the rank is unknown. */
    private static long elementCount(int[] dims) {
        if (dims == null) {
            return -1;
        }
        long n = 1;
        for (int d : dims) {
            if (d < 0) {
                return -1;
            }
            n *= d;
        }
        return n;
    }
}
