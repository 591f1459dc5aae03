package qmap.kernels;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import qmap.ir.Node;
import qmap.ir.Tensor;
import qmap.kernels.ElementwiseOps.Op;
import qmap.ops.Operator;

/**
 * ElementwiseProgram against the fast kernels run node by node (bit-identical): the merged
 * instructions (Mul, Add as MUL_ADD; PaddleOCR's Add/Clip/Mul/Div hard-swish as one
 * instruction), a value with a second reader that keeps nodes apart, spans of any length.
 */
class ElementwiseProgramTest {
    private final Map<String, Tensor> consts = new HashMap<>();
    private final List<Node> body = new ArrayList<>();

    ElementwiseProgramTest() {
        consts.put("a", Tensor.ofFloats(new int[] {1}, 0.93f));
        consts.put("b", Tensor.ofFloats(new int[] {1}, -0.21f));
        consts.put("three", Tensor.scalar(3f));
        consts.put("zero", Tensor.scalar(0f));
        consts.put("six", Tensor.scalar(6f));
        consts.put("c", KernelCheck.random(new Random(3), 1, 5, 1, 1));
    }

    private void node(String op, String... io) {
        String[] in = java.util.Arrays.copyOf(io, io.length - 1);
        body.add(Node.builder(op).name(op + "_" + io[io.length - 1]).inputs(in).outputs(io[io.length - 1]).build());
    }

    /** Scale and shift, hard-swish, a per-channel scale and shift: LCNetV3's chain after each conv. */
    private void lcnetChain() {
        node("Mul", "a", "x", "t");
        node("Add", "t", "b", "u");
        node("Add", "u", "three", "v");
        node("Clip", "v", "zero", "six", "w");
        node("Mul", "u", "w", "m");
        node("Div", "m", "six", "h");
        node("Mul", "h", "c", "p");
        node("Add", "c", "p", "y");
    }

    @Test
    void commonRunsOfNodesBecomeOneInstruction() {
        lcnetChain();
        ElementwiseProgram p = compile();
        assertEquals(List.of(Op.MUL_ADD, Op.HARD_SWISH_CHAIN, Op.MUL_ADD), p.ops());
        check(p);
    }

    @Test
    void aValueReadTwiceKeepsItsNodesApart() {
        lcnetChain();
        // the clipped value is read again at the end: the hard-swish run cannot be one instruction
        node("Add", "y", "w", "z");
        ElementwiseProgram p = compile();
        assertEquals(List.of(Op.MUL_ADD, Op.ADD, Op.CLIP, Op.MUL, Op.DIV, Op.MUL_ADD, Op.ADD), p.ops());
        check(p);
    }

    private ElementwiseProgram compile() {
        return ElementwiseProgram.compile(body, List.of(new ElementwiseProgram.Input("x", false)), consts);
    }

    /** The program over every channel's span (odd lengths, longer than a block) equals the nodes run one by one. */
    private void check(ElementwiseProgram p) {
        int[] shape = {2, 5, 23, 37};
        Tensor x = KernelCheck.random(new Random(9), shape);
        float[] v = x.floats();
        v[0] = Float.NaN;
        v[1] = -0f;
        v[2] = -3f;
        v[3] = Float.POSITIVE_INFINITY;
        Map<String, Tensor> values = new HashMap<>(consts);
        values.put("x", x);
        for (Node n : body) {
            Operator op = FastKernels.registry().find("", n.opType());
            Tensor[] args = new Tensor[n.inputs().size()];
            for (int i = 0; i < args.length; i++) {
                args[i] = values.get(n.input(i));
            }
            values.put(n.output(0), op.run(n, args)[0]);
        }
        float[] expected = values.get(body.get(body.size() - 1).output(0)).floats();
        float[] out = new float[v.length];
        int plane = 23 * 37;
        for (int row = 0; row < 10; row++) {
            p.run(new float[][] {v}, out, row * plane, plane, row % 5);
        }
        assertArrayEquals(expected, out);
    }
}
