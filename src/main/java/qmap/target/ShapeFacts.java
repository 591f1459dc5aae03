package qmap.target;

import java.util.List;
import qmap.ir.DType;
import qmap.ir.TensorType;

/** Facts about the shapes of a node's first input and output. */
final class ShapeFacts {
    private ShapeFacts() {
    }

    static final List<Fact> ALL = List.of(
            Fact.of("rank", "rank", f -> (long) rank(f, 0)),
            Fact.of("y_rank", "rank of the second input", f -> (long) rank(f, 1)),
            Fact.of("output_rank", "output rank", f -> (long) f.outputDims(0).length),
            Fact.of("max_rank_io", "largest input/output rank", ShapeFacts::maxRank),
            Fact.of("n", "batch N", f -> (long) f.dims(0)[0]),
            Fact.of("channels", "channels C", f -> (long) channelDim(f.dims(0))),
            Fact.of("h", "height H", f -> (long) f.dims4(0)[2]),
            Fact.of("w", "width W", f -> (long) f.dims4(0)[3]),
            Fact.of("input_hw", "input H*W", f -> product(f.dims(0), 2)),
            Fact.of("input_chw", "input C*H*W", f -> product(f.dims(0), 1)),
            Fact.of("dim0", "outermost dim", f -> (long) f.dims(0)[0]),
            Fact.of("inner_dim_max", "largest dim after the outermost", f -> maxFrom(f.dims(0), 1)),
            Fact.of("channels_max_io", "largest channel count over inputs and output", ShapeFacts::channelsIo),
            Fact.of("sigmoid_padded_size", "padded size min(al(C,4)*H*al(W,8), al(C,32)*H*W)",
                    List.of("channels", "h", "w"), ShapeFacts::sigmoidPadded),
            Fact.of("dims_differing_io", "number of dims that differ between input and output",
                    ShapeFacts::dimsDiffering),
            Fact.of("float_io", "all inputs and outputs are float", ShapeFacts::floatIo));

    private static int rank(NodeFacts f, int i) {
        TensorType t = f.inputType(i);
        if (!t.hasRank()) {
            throw new UnknownFact("the rank of input " + i + " is unknown");
        }
        return t.rank();
    }

    private static int channelDim(int[] d) {
        if (d.length < 2) {
            throw new UnknownFact("the input is " + d.length + "-D and has no channel dim");
        }
        return d[1];
    }

    static long product(int[] d, int from) {
        long p = 1;
        for (int i = from; i < d.length; i++) {
            p *= d[i];
        }
        return p;
    }

    private static long maxFrom(int[] d, int from) {
        long m = 0;
        for (int i = from; i < d.length; i++) {
            m = Math.max(m, d[i]);
        }
        return m;
    }

    private static Object maxRank(NodeFacts f) {
        long m = f.outputDims(0).length;
        for (int i = 0; i < f.inputCount(); i++) {
            if (f.hasInput(i)) {
                m = Math.max(m, rank(f, i));
            }
        }
        return m;
    }

    private static Object channelsIo(NodeFacts f) {
        long m = channelDim(f.outputDims(0));
        for (int i = 0; i < f.inputCount(); i++) {
            if (f.hasInput(i)) {
                m = Math.max(m, channelDim(f.dims(i)));
            }
        }
        return m;
    }

    private static long align(long v, long m) {
        return (v + m - 1) / m * m;
    }

    /** TARGETS.md §1 Sigmoid: the smaller of the 8W4C and 32C padded layouts. */
    private static Object sigmoidPadded(NodeFacts f) {
        int[] d = f.dims4(0);
        long c = d[1];
        long h = d[2];
        long w = d[3];
        return Math.min(align(c, 4) * h * align(w, 8), align(c, 32) * h * w);
    }

    private static Object dimsDiffering(NodeFacts f) {
        int[] in = f.dims(0);
        int[] out = f.outputDims(0);
        long n = Math.abs(out.length - in.length);
        int common = Math.min(in.length, out.length);
        for (int i = 1; i <= common; i++) {
            if (in[in.length - i] != out[out.length - i]) {
                n++;
            }
        }
        return n;
    }

    private static Object floatIo(NodeFacts f) {
        for (int i = 0; i < f.inputCount(); i++) {
            if (f.hasInput(i) && !f.isConstant(i) && !isFloat(f.inputType(i).dtype(), "input " + i)) {
                return false;
            }
        }
        for (int k = 0; k < f.outputCount(); k++) {
            if (!isFloat(f.outputType(k).dtype(), "output " + k)) {
                return false;
            }
        }
        return true;
    }

    private static boolean isFloat(DType t, String what) {
        if (t == null) {
            throw new UnknownFact("the element type of " + what + " is unknown");
        }
        return t.isFloatingPoint();
    }
}
