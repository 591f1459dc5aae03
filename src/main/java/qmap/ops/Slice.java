package qmap.ops;

import java.util.Arrays;
import qmap.ir.Node;
import qmap.ir.Shapes;
import qmap.ir.Tensor;
import qmap.ir.TensorType;

/**
 * Slice: along each listed axis, the elements start, start+step, ... before end. Negative
 * starts and ends count from the back; both are clamped into range (so INT_MAX means "to the
 * end"), and a negative step walks backwards.
 */
public final class Slice implements Operator {
    @Override
    public Tensor[] run(Node node, Tensor[] in) {
        Tensor x = in[0];
        int[] shape = x.shape();
        Ranges r = ranges(shape, in[1].toLongs(), in[2].toLongs(), optional(in, 3), optional(in, 4));
        int[] inStrides = Shapes.strides(shape);
        int[] strides = new int[shape.length];
        int offset = 0;
        for (int d = 0; d < shape.length; d++) {
            strides[d] = inStrides[d] * r.steps[d];
            offset += inStrides[d] * r.starts[d];
        }
        if (Shapes.size(r.counts) == 0) {
            offset = 0;
        }
        return new Tensor[] {IndexMap.strided(r.counts, strides, offset).take(x)};
    }

    @Override
    public TensorType[] infer(Node node, TensorType[] in, Tensor[] values) {
        TensorType x = in[0] == null ? TensorType.UNKNOWN : in[0];
        if (!x.hasRank()) {
            return new TensorType[] {Inference.typed(x.dtype(), null)};
        }
        boolean known = values.length > 2 && values[1] != null && values[2] != null;
        for (int i = 3; i < Math.min(in.length, 5); i++) {
            known &= in[i] == null || values[i] != null;
        }
        int[] dims = x.dims().clone();
        if (!known) {
            Arrays.fill(dims, -1);
            return new TensorType[] {Inference.typed(x.dtype(), dims)};
        }
        long[] axes = optional(values, 3);
        long[] starts = values[1].toLongs();
        int[] probe = dims.clone();
        for (int i = 0; i < probe.length; i++) {
            probe[i] = Math.max(probe[i], 0);
        }
        Ranges r = ranges(probe, starts, values[2].toLongs(), axes, optional(values, 4));
        for (int i = 0; i < starts.length; i++) {
            int axis = axes == null ? i : Shapes.normalizeAxis(axes[i], dims.length);
            dims[axis] = x.dims()[axis] < 0 ? -1 : r.counts[axis];
        }
        return new TensorType[] {Inference.typed(x.dtype(), dims)};
    }

    private static long[] optional(Tensor[] in, int i) {
        return i < in.length && in[i] != null ? in[i].toLongs() : null;
    }

    /** Per axis of the input: first index, step and element count of the slice. */
    private record Ranges(int[] starts, int[] steps, int[] counts) {
    }

    private static Ranges ranges(int[] shape, long[] starts, long[] ends, long[] axes, long[] steps) {
        int rank = shape.length;
        int n = starts.length;
        if (ends.length != n || (axes != null && axes.length != n) || (steps != null && steps.length != n)) {
            throw new IllegalArgumentException("starts, ends, axes and steps differ in length");
        }
        int[] first = new int[rank];
        int[] step = new int[rank];
        int[] count = shape.clone();
        Arrays.fill(step, 1);
        boolean[] seen = new boolean[rank];
        for (int i = 0; i < n; i++) {
            int axis = axes == null ? i : Shapes.normalizeAxis(axes[i], rank);
            if (seen[axis]) {
                throw new IllegalArgumentException("axis " + axis + " is sliced twice");
            }
            seen[axis] = true;
            long s = steps == null ? 1 : steps[i];
            if (s == 0) {
                throw new IllegalArgumentException("slice step is 0");
            }
            long dim = shape[axis];
            // Past |dim| every step gives at most one element; bounding it keeps the math in range.
            s = clamp(s, -dim - 1, dim + 1);
            long b = starts[i] < 0 ? starts[i] + dim : starts[i];
            long e = ends[i] < 0 ? ends[i] + dim : ends[i];
            // A backward slice may end before element 0 (at -1) and starts at most at dim-1.
            b = s > 0 ? clamp(b, 0, dim) : clamp(b, 0, dim - 1);
            e = s > 0 ? clamp(e, 0, dim) : clamp(e, -1, dim - 1);
            long c = s > 0 ? (e - b + s - 1) / s : (b - e - s - 1) / -s;
            first[axis] = (int) Math.max(b, 0);
            step[axis] = c > 1 ? (int) s : 1;
            count[axis] = (int) Math.max(c, 0);
        }
        return new Ranges(first, step, count);
    }

    private static long clamp(long v, long lo, long hi) {
        return Math.max(lo, Math.min(hi, v));
    }
}
