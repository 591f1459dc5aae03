package qmap.ops;

import java.util.Arrays;
import qmap.ir.Node;
import qmap.ir.Shapes;

/**
 * Which scale (or zero-point) entry applies to each element of a quantized tensor: one for
 * the whole tensor (a scalar or a one-element tensor), one per index along {@code axis} (a
 * 1-D tensor), or one per block of {@code block_size} consecutive indices along {@code axis}
 * (a tensor of the input's rank).
 */
final class ScaleLayout {
    private final boolean perTensor;
    private final int axisDim;
    private final int inner;
    private final int paramAxisDim;
    /** 0 for per-axis parameters (a 1-D tensor). */
    private final int blockSize;

    private ScaleLayout(boolean perTensor, int axisDim, int inner, int paramAxisDim, int blockSize) {
        this.perTensor = perTensor;
        this.axisDim = axisDim;
        this.inner = inner;
        this.paramAxisDim = paramAxisDim;
        this.blockSize = blockSize;
    }

    /**
     * The layout of parameter {@code what} of shape {@code param} over an input of shape
     * {@code x}, from the node's {@code axis} (default 1) and {@code block_size} (default 0).
     */
    static ScaleLayout of(Node node, String what, int[] x, int[] param) {
        if (Shapes.size(param) == 1) {
            return new ScaleLayout(true, 1, 1, 1, 0);
        }
        int axis = Shapes.normalizeAxis(node.attrInt("axis", 1), x.length);
        int inner = Shapes.size(Arrays.copyOfRange(x, axis + 1, x.length));
        long blockSize = node.attrInt("block_size", 0);
        if (blockSize < 0) {
            throw new IllegalArgumentException("block_size must be positive, got " + blockSize);
        }
        if (blockSize == 0) {
            if (param.length != 1 || param[0] != x[axis]) {
                throw new IllegalArgumentException(what + " of shape " + Arrays.toString(param)
                        + " is neither a scalar nor a 1-D tensor of length " + x[axis] + " (input dim " + axis + ")");
            }
            return new ScaleLayout(false, x[axis], inner, x[axis], 0);
        }
        int blocks = (int) ((x[axis] + blockSize - 1) / blockSize);
        int[] expected = x.clone();
        expected[axis] = blocks;
        if (!Arrays.equals(param, expected)) {
            throw new IllegalArgumentException(what + " of shape " + Arrays.toString(param) + " does not block input "
                    + Arrays.toString(x) + " by " + blockSize + " along axis " + axis + ": expected "
                    + Arrays.toString(expected));
        }
        return new ScaleLayout(false, x[axis], inner, blocks, (int) blockSize);
    }

    /** The parameter entry for input element {@code i} (row-major). */
    int index(int i) {
        if (perTensor) {
            return 0;
        }
        int r = i % inner;
        int rest = i / inner;
        int a = rest % axisDim;
        if (blockSize == 0) {
            return a;
        }
        int outer = rest / axisDim;
        return (outer * paramAxisDim + a / blockSize) * inner + r;
    }
}
