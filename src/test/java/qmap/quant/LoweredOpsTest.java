package qmap.quant;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;
import qmap.ir.Attribute;
import qmap.ir.Model;
import qmap.ir.Node;
import qmap.ir.Tensor;
import qmap.testing.RandomTensors;
import qmap.quant.IntegerAgreement.Figure;
import qmap.quant.integer.IntegerOps;
import qmap.quant.integer.RequantMode;

/**
 * The integer forms of a MatMul of two activations (QMatMul, batch dims broadcasting),
 * ReduceMean / ReduceSum (QReduce) and linear / cubic Resize (QResize), over odd shapes, axes and
 * coordinate modes: against the fake-quantized model on qmap's reference kernels and ONNX Runtime
 * on the same QDQ file, within one step and at least 99% identical; fixed-point requantization
 * within one step of the float multiplier.
 */
class LoweredOpsTest {
    private final Random rnd = new Random(9);

    private Tensor gaussian(double sigma, int... shape) {
        return RandomTensors.gaussian(rnd, sigma, shape);
    }

    private static void check(List<Node> nodes, Map<String, Tensor> in, Map<String, Tensor> c, String integerOp,
                              String what) {
        String out = nodes.get(nodes.size() - 1).output(0);
        Model m = IntegerKernelsTest.quantize(nodes, in, c, out);
        // the op's own output only: the graph inputs' quantization is identical on every side
        Set<String> ts = Set.of(out + "_quantized");
        IntegerExecutor intrt = IntegerExecutor.of(m, RequantMode.ORT_FLOAT);
        assertTrue(intrt.lowering().kept().isEmpty(), what + ": kept " + intrt.lowering().kept());
        assertEquals(nodes.size(), intrt.graph().nodes().stream().filter(n -> n.domain().equals(IntegerOps.DOMAIN)
                && n.opType().equals(integerOp)).count(), what);
        Map<String, Tensor> fakeRun = new java.util.HashMap<>();
        qmap.exec.Executor.of(m).run(in, (p, name, t) -> {
            if (ts.contains(name)) {
                fakeRun.put(name, t);
            }
        });
        Map<String, Tensor> ours = IntegerAgreement.ours(intrt, ts, in);
        Figure fake = IntegerAgreement.compareAll(fakeRun, ours, ts).get("all");
        assertTrue(fake.maxStep() <= 1 && fake.share() >= 0.99 && fake.elements() > 0, what + " vs fake quantization: "
                + fake);
        Figure ort = IntegerAgreement.compareAll(IntegerAgreement.ort(m, ts, in, IntegerAgreement.ORT_DEFAULT), ours, ts)
                .get("all");
        assertTrue(ort.maxStep() <= 1 && ort.share() >= 0.99 && ort.elements() > 0, what + " vs ONNX Runtime: " + ort);
        Figure fixed = IntegerAgreement.compareAll(ours, IntegerAgreement.ours(
                IntegerExecutor.of(m, RequantMode.fixedPoint(32, true)), ts, in), ts).get("all");
        assertTrue(fixed.maxStep() <= 1 && fixed.share() >= 0.9, what + " fixed point vs float multiplier: " + fixed);
        System.out.println("[intrt " + what + "] vs ORT " + ort + "; fixed point " + fixed);
    }

    private void matMul(int[] a, int[] b) {
        Map<String, Tensor> in = new LinkedHashMap<>();
        in.put("a", gaussian(1, a));
        in.put("b", gaussian(2, b));
        check(List.of(Node.builder("MatMul").name("mm").inputs("a", "b").outputs("y").build()), in, Map.of(), "QMatMul",
                "MatMul " + java.util.Arrays.toString(a) + " x " + java.util.Arrays.toString(b));
    }

    @Test
    void matMulOfTwoActivationsBroadcastsBatchDims() {
        matMul(new int[] {1, 8, 40, 15}, new int[] {1, 8, 15, 40});
        matMul(new int[] {2, 3, 7, 5}, new int[] {1, 3, 5, 9});
        matMul(new int[] {3, 1, 4, 6}, new int[] {5, 6, 2});
        matMul(new int[] {9, 13}, new int[] {2, 13, 3});
    }

    private void reduce(String op, int[] shape, long[] axes, int keepdims) {
        Map<String, Tensor> c = new LinkedHashMap<>();
        Node.Builder b = Node.builder(op).name("r").outputs("y").attr("keepdims", Attribute.ofInt(keepdims));
        if (axes == null) {
            b.inputs("x");
        } else {
            c.put("axes", Tensor.ofLongs(new int[] {axes.length}, axes));
            b.inputs("x", "axes");
        }
        check(List.of(b.build()), Map.of("x", gaussian(1, shape)), c, "QReduce",
                op + " " + java.util.Arrays.toString(shape) + " axes " + java.util.Arrays.toString(axes) + " keepdims "
                        + keepdims);
    }

    @Test
    void reduceMeanAndReduceSumOverAxes() {
        reduce("ReduceMean", new int[] {1, 40, 120}, new long[] {-1}, 1);
        reduce("ReduceMean", new int[] {2, 5, 7, 3}, new long[] {1, 3}, 0);
        reduce("ReduceMean", new int[] {3, 11}, null, 1);
        reduce("ReduceSum", new int[] {1, 4, 17, 17}, new long[] {2, 3}, 1);
        reduce("ReduceSum", new int[] {6, 5, 3}, new long[] {0}, 0);
    }

    private void resize(int[] shape, int[] sizes, String mode, String transform) {
        Map<String, Tensor> c = new LinkedHashMap<>();
        long[] s = new long[sizes.length];
        for (int i = 0; i < s.length; i++) {
            s[i] = sizes[i];
        }
        c.put("sizes", Tensor.ofLongs(new int[] {s.length}, s));
        Node r = Node.builder("Resize").name("rs").inputs("x", "", "", "sizes").outputs("y")
                .attr("mode", Attribute.ofString(mode)).attr("coordinate_transformation_mode", Attribute.ofString(transform))
                .build();
        check(List.of(r), Map.of("x", gaussian(1, shape)), c, "QResize", "Resize " + mode + " " + transform + " "
                + java.util.Arrays.toString(shape) + " -> " + java.util.Arrays.toString(sizes));
    }

    @Test
    void linearAndCubicResizeDownAndUp() {
        resize(new int[] {1, 3, 127, 127}, new int[] {1, 3, 15, 15}, "linear", "half_pixel");
        resize(new int[] {1, 2, 9, 7}, new int[] {1, 2, 20, 15}, "linear", "align_corners");
        resize(new int[] {1, 2, 6, 5}, new int[] {1, 2, 11, 13}, "linear", "asymmetric");
        resize(new int[] {1, 3, 8, 8}, new int[] {1, 3, 13, 5}, "cubic", "half_pixel");
    }
}
