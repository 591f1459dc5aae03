package qmap.target;

import java.util.List;
import qmap.ir.DType;
import qmap.ir.Shapes;

/** Facts about how a node's inputs relate: constness, broadcasting, MatMul/Gemm operand shapes. */
final class OperandFacts {
    private OperandFacts() {
    }

    static final List<Fact> ALL = List.of(
            Fact.of("const_inputs", "number of constant inputs", OperandFacts::constInputs),
            Fact.of("y_const", "second input is constant", f -> f.isConstant(1)),
            Fact.of("broadcast", "broadcast of the second input against the first",
                    f -> broadcastKind(f.dims(0), f.dims(1))),
            Fact.of("broadcast_unordered", "broadcast of the smaller input against the larger",
                    OperandFacts::broadcastUnordered),
            Fact.of("broadcast_on_batch", "an input is broadcast along N", OperandFacts::broadcastOnBatch),
            Fact.of("exponent_scalar", "exponent is a single value", f -> Shapes.size(f.dims(1)) == 1),
            Fact.of("slope_kind", "slope shape kind", OperandFacts::slopeKind),
            Fact.of("matmul_pattern", "operand shapes", MatMulPattern::of),
            Fact.of("matmul_mkn_max", "largest of the last two dims", f -> Math.max(lastTwoMax(f.dims(0)),
                    lastTwoMax(f.dims(1)))),
            Fact.of("matmul_batch_dim_max", "largest dim before the last two",
                    f -> Math.max(batchMax(f.dims(0)), batchMax(f.dims(1)))),
            Fact.of("ranks_equal", "both inputs have the same rank", List.of("rank", "y_rank"),
                    f -> f.dims(0).length == f.dims(1).length),
            Fact.of("matmul_x_broadcasts", "the first input is broadcast", OperandFacts::firstBroadcasts),
            Fact.of("gemm_k", "Gemm input width K", f -> (long) gemmDim(f, 0, "transA", 1)),
            Fact.of("gemm_n", "Gemm output width N", f -> (long) gemmDim(f, 1, "transB", 0)),
            Fact.of("indices_dtype", "indices type", OperandFacts::indicesType),
            Fact.of("is_model_output", "output is a model output", OperandFacts::isModelOutput));

    private static Object constInputs(NodeFacts f) {
        long n = 0;
        for (int i = 0; i < f.inputCount(); i++) {
            if (f.isConstant(i)) {
                n++;
            }
        }
        return n;
    }

    /** same, per_channel ([N or 1, C, 1, 1] against NCHW), scalar (one value) or other. */
    static String broadcastKind(int[] x, int[] y) {
        if (java.util.Arrays.equals(x, y)) {
            return "same";
        }
        if (Shapes.size(y) == 1) {
            return "scalar";
        }
        if (x.length == 4 && y.length == 4 && (y[0] == x[0] || y[0] == 1) && y[1] == x[1] && y[2] == 1 && y[3] == 1) {
            return "per_channel";
        }
        return "other";
    }

    private static Object broadcastUnordered(NodeFacts f) {
        int[] x = f.dims(0);
        int[] y = f.dims(1);
        return Shapes.size(y) > Shapes.size(x) ? broadcastKind(y, x) : broadcastKind(x, y);
    }

    private static Object broadcastOnBatch(NodeFacts f) {
        int[] out = f.outputDims(0);
        if (out.length == 0 || out[0] == 1) {
            return false;
        }
        for (int i = 0; i < f.inputCount(); i++) {
            if (f.hasInput(i)) {
                int[] d = f.dims(i);
                if (d.length < out.length || d[0] != out[0]) {
                    return true;
                }
            }
        }
        return false;
    }

    /** PRelu slope: same, scalar, per_channel ([C,1,1]), hw_broadcast (H*W part 1x1, Hx1 or 1xW), other. */
    private static Object slopeKind(NodeFacts f) {
        int[] x = f.dims4(0);
        int[] s = f.dims(1);
        if (java.util.Arrays.equals(x, s)) {
            return "same";
        }
        if (Shapes.size(s) == 1) {
            return "scalar";
        }
        int[] c11 = {x[1], 1, 1};
        if (java.util.Arrays.equals(s, c11) || java.util.Arrays.equals(s, new int[] {1, x[1], 1, 1})) {
            return "per_channel";
        }
        if (s.length >= 2) {
            int sh = s[s.length - 2];
            int sw = s[s.length - 1];
            if ((sh == 1 || sh == x[2]) && (sw == 1 || sw == x[3])) {
                return "hw_broadcast";
            }
        }
        return "other";
    }

    private static long lastTwoMax(int[] d) {
        long m = 0;
        for (int i = Math.max(0, d.length - 2); i < d.length; i++) {
            m = Math.max(m, d[i]);
        }
        return m;
    }

    private static long batchMax(int[] d) {
        long m = 0;
        for (int i = 0; i < d.length - 2; i++) {
            m = Math.max(m, d[i]);
        }
        return m;
    }

    private static Object firstBroadcasts(NodeFacts f) {
        int[] x = f.dims(0);
        int[] y = f.dims(1);
        for (int i = 3; i <= Math.min(x.length, y.length); i++) {
            if (x[x.length - i] == 1 && y[y.length - i] > 1) {
                return true;
            }
        }
        return false;
    }

    private static int gemmDim(NodeFacts f, int input, String transAttr, int axisWhenPlain) {
        int[] d = f.dims(input);
        if (d.length != 2) {
            throw new UnknownFact("Gemm input " + input + " is " + d.length + "-D, not 2-D");
        }
        boolean trans = f.node().attrInt(transAttr, 0) != 0;
        return trans ? d[1 - axisWhenPlain] : d[axisWhenPlain];
    }

    private static Object indicesType(NodeFacts f) {
        DType t = f.inputType(1).dtype();
        if (t == null) {
            throw new UnknownFact("the element type of the indices is unknown");
        }
        return t.onnxName();
    }

    private static Object isModelOutput(NodeFacts f) {
        for (String o : f.node().outputs()) {
            if (f.isModelOutput(o)) {
                return true;
            }
        }
        return false;
    }
}
