package qmap.target;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import qmap.ir.Tensor;

/** Facts read from attributes and constant parameter inputs: axis, axes, mode, pads, Split sizes. */
final class AttributeFacts {
    private AttributeFacts() {
    }

    /** ONNX defaults of the axis attribute where the spec gives one (canonical, latest opsets). */
    private static final Map<String, Long> AXIS_DEFAULTS = Map.of("Softmax", -1L, "LogSoftmax", -1L,
            "Hardmax", -1L, "ArgMax", 0L, "ArgMin", 0L, "Split", 0L, "Gather", 0L, "Flatten", 1L, "Concat", 1L);
    private static final Map<String, String> MODE_DEFAULTS = Map.of("Resize", "nearest", "Pad", "constant",
            "DepthToSpace", "DCR");

    static final List<Fact> ALL = List.of(
            Fact.of("axis", "axis", AttributeFacts::axis),
            Fact.of("axes", "axes", AttributeFacts::axes),
            Fact.of("axes_count", "number of reduced axes", f -> (long) axes(f).size()),
            Fact.of("reduce_axes_kind", "reduced axes", List.of("axes"), AttributeFacts::reduceAxesKind),
            Fact.of("keepdims", "keepdims", f -> f.node().attrInt("keepdims", 1)),
            Fact.of("mode", "mode", f -> f.node().attrString("mode", MODE_DEFAULTS.getOrDefault(
                    f.node().opType(), ""))),
            Fact.of("blocksize", "blocksize", f -> f.node().attrInt("blocksize", 0)),
            Fact.of("pads_nc_zero", "no padding on N and C", AttributeFacts::padsNcZero),
            Fact.of("split_even", "Split pieces are equal", AttributeFacts::splitEven));

    private static int rank(NodeFacts f) {
        return f.dims(0).length;
    }

    private static long normalize(long axis, int rank) {
        return axis < 0 ? axis + rank : axis;
    }

    private static Object axis(NodeFacts f) {
        Long dflt = AXIS_DEFAULTS.get(f.node().opType());
        if (!f.node().hasAttr("axis") && dflt == null) {
            throw new UnknownFact(f.node().opType() + " has no axis attribute");
        }
        return normalize(f.node().attrInt("axis", dflt == null ? 0 : dflt), rank(f));
    }

    /** Sorted, normalized axes from the axes input (canonical form) or attribute; all axes when absent. */
    static List<Long> axes(NodeFacts f) {
        int rank = rank(f);
        long[] raw = f.hasInput(1) ? f.constant(1).toLongs() : f.node().attrInts("axes", null);
        List<Long> axes = new ArrayList<>();
        if (raw == null || raw.length == 0) {
            for (long a = 0; a < rank; a++) {
                axes.add(a);
            }
        } else {
            for (long a : raw) {
                axes.add(normalize(a, rank));
            }
        }
        Collections.sort(axes);
        return axes;
    }

    private static Object reduceAxesKind(NodeFacts f) {
        List<Long> axes = axes(f);
        if (axes.size() == 1) {
            return "single";
        }
        return rank(f) == 4 && axes.equals(List.of(2L, 3L)) ? "hw" : "other";
    }

    private static Object padsNcZero(NodeFacts f) {
        long[] pads = f.constant(1).toLongs();
        int r = pads.length / 2;
        long[] axes = f.hasInput(3) ? f.constant(3).toLongs() : null;
        for (int i = 0; i < r; i++) {
            long axis = axes == null ? i : normalize(axes[i], rank(f));
            if (axis < 2 && (pads[i] != 0 || pads[i + r] != 0)) {
                return false;
            }
        }
        return true;
    }

    private static Object splitEven(NodeFacts f) {
        int axis = (int) (long) (Long) axis(f);
        int first = f.outputDims(0)[axis];
        for (int k = 1; k < f.outputCount(); k++) {
            if (f.outputDims(k)[axis] != first) {
                return false;
            }
        }
        if (f.hasInput(1)) {
            Tensor sizes = f.constant(1);
            for (long s : sizes.toLongs()) {
                if (s != first) {
                    return false;
                }
            }
        }
        return true;
    }
}
