package qmap.quant;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
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
 * ConvTranspose lowered to the integer QConvTranspose, over odd sizes, groups, strides,
 * dilations, pads, output_padding, with and without bias and a fused Relu: against the
 * fake-quantized model on qmap's reference kernels and against ONNX Runtime on the same QDQ
 * file, within one step and at least 99% identical.
 */
class ConvTransposeLoweringTest {
    private final Random rnd = new Random(5);

    private Tensor gaussian(double sigma, int... shape) {
        return RandomTensors.gaussian(rnd, sigma, shape);
    }

    /** x: N,C,H,W; w: C, M/group, KH, KW; attributes as longs (null: absent). */
    private void check(int[] x, int[] w, int group, boolean bias, boolean relu, long[] strides, long[] dilations,
                       long[] pads, long[] outputPadding) {
        Node.Builder b = Node.builder("ConvTranspose").name("ct").outputs(relu ? "t" : "y")
                .attr("group", Attribute.ofInt(group));
        b.inputs(bias ? List.of("x", "w", "b") : List.of("x", "w"));
        if (strides != null) {
            b.attr("strides", Attribute.ofInts(strides));
        }
        if (dilations != null) {
            b.attr("dilations", Attribute.ofInts(dilations));
        }
        if (pads != null) {
            b.attr("pads", Attribute.ofInts(pads));
        }
        if (outputPadding != null) {
            b.attr("output_padding", Attribute.ofInts(outputPadding));
        }
        List<Node> nodes = new ArrayList<>(List.of(b.build()));
        if (relu) {
            nodes.add(Node.builder("Relu").name("relu").inputs("t").outputs("y").build());
        }
        Map<String, Tensor> in = Map.of("x", gaussian(1, x));
        Map<String, Tensor> c = new LinkedHashMap<>();
        c.put("w", gaussian(0.3, w));
        if (bias) {
            c.put("b", gaussian(0.5, w[1] * group));
        }
        Model m = IntegerKernelsTest.quantize(nodes, in, c, "y");
        String what = nodes.get(0).attributes() + " x" + java.util.Arrays.toString(x) + " w"
                + java.util.Arrays.toString(w) + (bias ? " bias" : "") + (relu ? " relu" : "");
        IntegerExecutor intrt = IntegerExecutor.of(m, RequantMode.ORT_FLOAT);
        assertEquals(1, intrt.graph().nodes().stream().filter(n -> n.domain().equals(IntegerOps.DOMAIN)
                && n.opType().equals("QConvTranspose")).count(), what + ": lowered " + intrt.lowering().kept());
        assertTrue(intrt.lowering().kept().isEmpty(), what + ": kept " + intrt.lowering().kept());
        // the op's own output only: the graph input's quantization is identical on every side
        Set<String> ts = Set.of("y_quantized");
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
        assertTrue(ort.maxStep() <= 1 && ort.share() >= 0.99, what + " vs ONNX Runtime: " + ort);
        assertTrue(ort.elements() > 0, what);
    }

    @Test
    void detHeadShapeStride2Kernel2() {
        check(new int[] {1, 24, 20, 20}, new int[] {24, 24, 2, 2}, 1, false, false, new long[] {2, 2}, null, null, null);
        check(new int[] {1, 24, 11, 13}, new int[] {24, 1, 2, 2}, 1, false, false, new long[] {2, 2}, null, null, null);
    }

    @Test
    void oddSizesPadsAndOutputPadding() {
        check(new int[] {1, 5, 7, 9}, new int[] {5, 3, 3, 3}, 1, true, false, new long[] {2, 2}, null,
                new long[] {1, 0, 1, 2}, new long[] {1, 0});
        check(new int[] {2, 3, 5, 4}, new int[] {3, 4, 3, 2}, 1, true, true, new long[] {3, 1}, null,
                new long[] {0, 1, 2, 0}, null);
        check(new int[] {1, 7, 6, 5}, new int[] {7, 2, 5, 5}, 1, false, true, null, null, new long[] {2, 2, 2, 2}, null);
    }

    @Test
    void groupsAndDilations() {
        check(new int[] {1, 6, 8, 7}, new int[] {6, 2, 3, 3}, 3, false, false, new long[] {2, 2}, new long[] {2, 1},
                new long[] {1, 1, 1, 1}, null);
        check(new int[] {1, 4, 5, 5}, new int[] {4, 1, 3, 3}, 4, true, true, new long[] {2, 2}, null, null,
                new long[] {1, 1});
    }
}
