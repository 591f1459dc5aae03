package qmap.quant;

import qmap.kernels.FastKernels;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;
import qmap.exec.Executor;
import qmap.ir.Attribute;
import qmap.ir.DType;
import qmap.ir.Graph;
import qmap.ir.Model;
import qmap.ir.Node;
import qmap.ir.Tensor;
import qmap.ir.TensorType;
import qmap.ir.ValueInfo;
import qmap.passes.PassPipeline;
import qmap.quant.IntegerAgreement.Figure;
import qmap.quant.integer.IntegerOps;
import qmap.quant.integer.RequantMode;

/**
 * Each integer kernel against the fake-quantized float model it replaces (DQ -> float op -> Q
 * with qmap's reference kernels), on small graphs quantized the way a build quantizes them:
 * within one step everywhere and almost always identical; look-up tables and data movement
 * exactly identical; fixed-point requantization within one step of the float multiplier.
 */
class IntegerKernelsTest {
    private static final RequantMode BPU = RequantMode.fixedPoint(32, true);
    private static final Random RANDOM = new Random(7);

    private static Tensor gaussian(float sigma, int... shape) {
        int n = 1;
        for (int d : shape) {
            n *= d;
        }
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = (float) (RANDOM.nextGaussian() * sigma);
        }
        return Tensor.ofFloats(shape, v);
    }

    /** A float graph quantized like a build does (every node on the NPU, max thresholds from the input). */
    static Model quantize(List<Node> nodes, Map<String, Tensor> inputs, Map<String, Tensor> constants,
                                  String... outputs) {
        return quantize(nodes, inputs, constants, t -> DType.INT8, outputs);
    }

    /** As {@link #quantize(List, Map, Map, String...)} with each activation's type from {@code activationType}. */
    static Model quantize(List<Node> nodes, Map<String, Tensor> inputs, Map<String, Tensor> constants,
                          java.util.function.Function<String, DType> activationType, String... outputs) {
        return quantize(nodes, inputs, constants, n -> true, activationType, outputs);
    }

    /** As {@link #quantize(List, Map, Map, String...)}, only the nodes {@code quantized} accepts quantized. */
    static Model quantize(List<Node> nodes, Map<String, Tensor> inputs, Map<String, Tensor> constants,
                          java.util.function.Predicate<Node> quantized,
                          java.util.function.Function<String, DType> activationType, String... outputs) {
        List<ValueInfo> ins = new ArrayList<>();
        inputs.forEach((k, v) -> ins.add(new ValueInfo(k, TensorType.of(v))));
        List<ValueInfo> outs = new ArrayList<>();
        for (String o : outputs) {
            outs.add(new ValueInfo(o, TensorType.UNKNOWN));
        }
        Graph g = PassPipeline.staticShapes().apply(new Graph("t", nodes, ins, outs, constants, Map.of()));
        Map<String, Double> max = new HashMap<>();
        new Executor(g, qmap.kernels.FastKernels.registry(), 21).run(inputs, (p, name, t) -> {
            if (t.dtype() == DType.FLOAT) {
                double m = 0;
                for (float f : t.floats()) {
                    m = Math.max(m, Math.abs(f));
                }
                max.put(name, m);
            }
        });
        QuantPlan plan = new QuantPlanner(quantized, activationType, DType.INT8)
                .plan(g, (t, dt) -> new ActivationQuant(t, dt, max.getOrDefault(t, 1.0), "max"));
        Graph q = new QdqInserter(QdqInserter.Form.QUANTIZED).apply(g, plan).graph();
        return new Model(q, Map.of("", 21L), "test", "", 8, Map.of());
    }

    /** Integer runtime vs fake quantization over every quantized activation (all tensors pooled). */
    static Figure agreement(Model m, Map<String, Tensor> inputs, RequantMode mode) {
        Set<String> ts = IntegerAgreement.quantizedActivations(m.graph());
        Map<String, Tensor> fake = new HashMap<>();
        Executor.of(m).run(inputs, (p, name, t) -> {
            if (ts.contains(name)) {
                fake.put(name, t);
            }
        });
        Map<String, Tensor> ours = IntegerAgreement.ours(IntegerExecutor.of(m, mode), ts, inputs);
        return IntegerAgreement.compareAll(fake, ours, ts).get("all");
    }

    private static Figure between(Model m, Map<String, Tensor> inputs, RequantMode a, RequantMode b) {
        Set<String> ts = IntegerAgreement.quantizedActivations(m.graph());
        return IntegerAgreement.compareAll(IntegerAgreement.ours(IntegerExecutor.of(m, a), ts, inputs),
                IntegerAgreement.ours(IntegerExecutor.of(m, b), ts, inputs), ts).get("all");
    }

    private static long integerNodes(Model m, String opType) {
        return IntegerExecutor.of(m, RequantMode.ORT_FLOAT).graph().nodes().stream()
                .filter(n -> n.domain().equals(IntegerOps.DOMAIN) && n.opType().equals(opType)).count();
    }

    private static void assertClose(Figure f, double share) {
        System.out.println("[intrt kernels] " + f);
        assertTrue(f.maxStep() <= 1 && f.share() >= share, f.toString());
    }

    private static Node conv(String name, String x, String w, String b, String y, int group, int stride, int pad) {
        return Node.builder("Conv").name(name).inputs(x, w, b).outputs(y).attr("group", Attribute.ofInt(group))
                .attr("strides", Attribute.ofInts(stride, stride)).attr("pads", Attribute.ofInts(pad, pad, pad, pad))
                .build();
    }

    @Test
    void convWithFusedReluAndDepthwiseConvAgreeWithFakeQuantization() {
        Map<String, Tensor> in = Map.of("x", gaussian(1f, 1, 8, 17, 19));
        Map<String, Tensor> c = new LinkedHashMap<>();
        c.put("w1", gaussian(0.2f, 16, 8, 3, 3));
        c.put("b1", gaussian(0.5f, 16));
        c.put("w2", gaussian(0.3f, 16, 1, 3, 3));
        c.put("b2", gaussian(0.5f, 16));
        Model m = quantize(List.of(
                conv("c1", "x", "w1", "b1", "y1", 1, 2, 1),
                Node.builder("Relu").name("r1").inputs("y1").outputs("z1").build(),
                conv("c2", "z1", "w2", "b2", "y2", 16, 1, 1)), in, c, "y2");
        assertEquals(2, integerNodes(m, "QConv"), "both convolutions, the Relu fused into the first");
        assertClose(agreement(m, in, RequantMode.ORT_FLOAT), 0.99);
        assertClose(agreement(m, in, BPU), 0.99);
        assertClose(between(m, in, RequantMode.ORT_FLOAT, BPU), 0.99);
    }

    @Test
    void matMulAndGemmAgreeWithFakeQuantization() {
        Map<String, Tensor> in = Map.of("a", gaussian(1f, 6, 40));
        Map<String, Tensor> c = new LinkedHashMap<>();
        c.put("w", gaussian(0.2f, 40, 24));
        c.put("g", gaussian(0.2f, 10, 24));
        c.put("gb", gaussian(0.5f, 10));
        Model m = quantize(List.of(
                Node.builder("MatMul").name("mm").inputs("a", "w").outputs("h").build(),
                Node.builder("Gemm").name("gemm").inputs("h", "g", "gb").outputs("y")
                        .attr("transB", Attribute.ofInt(1)).build()), in, c, "y");
        assertEquals(2, integerNodes(m, "QMatMul"));
        assertClose(agreement(m, in, RequantMode.ORT_FLOAT), 0.99);
        assertClose(agreement(m, in, BPU), 0.99);
    }

    @Test
    void addSubMulWithBroadcastingAgreeWithFakeQuantization() {
        Map<String, Tensor> in = new LinkedHashMap<>();
        in.put("a", gaussian(1f, 1, 4, 9, 9));
        in.put("b", gaussian(3f, 1, 4, 1, 1));
        Model m = quantize(List.of(
                Node.builder("Add").name("add").inputs("a", "b").outputs("s").build(),
                Node.builder("Sub").name("sub").inputs("s", "a").outputs("d").build(),
                Node.builder("Mul").name("mul").inputs("d", "a").outputs("y").build()), in, Map.of(), "y");
        assertEquals(2, integerNodes(m, "QAdd"));
        assertEquals(1, integerNodes(m, "QMul"));
        assertClose(agreement(m, in, RequantMode.ORT_FLOAT), 0.99);
        assertClose(agreement(m, in, BPU), 0.99);
    }

    @Test
    void nonLinearOpsBecomeTablesThatReproduceTheFloatOpsExactly() {
        Map<String, Tensor> in = Map.of("x", gaussian(2f, 1, 3, 8, 8));
        Map<String, Tensor> c = new LinkedHashMap<>();
        c.put("six", Tensor.scalar(6f));
        c.put("per_channel", Tensor.ofFloats(new int[] {3, 1, 1}, 1f, 2f, 3f));
        Model m = quantize(List.of(
                Node.builder("Exp").name("exp").inputs("x").outputs("e").build(),
                Node.builder("Sigmoid").name("sig").inputs("x").outputs("s").build(),
                Node.builder("Div").name("div").inputs("x", "six").outputs("d").build(),
                Node.builder("HardSigmoid").name("hs").inputs("d").outputs("h").build(),
                Node.builder("Pow").name("pc").inputs("h", "per_channel").outputs("p").build(),
                Node.builder("Tanh").name("tanh").inputs("p").outputs("t").build()), in, c, "e", "s", "t");
        assertEquals(6, integerNodes(m, "QLut"), "one table each, three for the per-channel Pow");
        Figure f = agreement(m, in, RequantMode.ORT_FLOAT);
        assertEquals(f.elements(), f.identical(), f.toString());
    }

    @Test
    void batchNormalizationBecomesOneTablePerChannelThatReproducesTheFloatOpExactly() {
        Map<String, Tensor> in = Map.of("x", gaussian(2f, 1, 5, 7, 3));
        Map<String, Tensor> c = new LinkedHashMap<>();
        c.put("scale", Tensor.ofFloats(new int[] {5}, 1f, -2f, 0.5f, 3f, 0.01f));
        c.put("bias", Tensor.ofFloats(new int[] {5}, 0f, 1f, -1f, 0.3f, 2f));
        c.put("mean", Tensor.ofFloats(new int[] {5}, 0.1f, -0.5f, 2f, 0f, 1f));
        c.put("var", Tensor.ofFloats(new int[] {5}, 1f, 4f, 0.25f, 2f, 9f));
        Model m = quantize(List.of(Node.builder("BatchNormalization").name("bn")
                .inputs("x", "scale", "bias", "mean", "var").outputs("y").build()), in, c, "y");
        assertEquals(1, integerNodes(m, "QLut"));
        Node lut = IntegerExecutor.of(m, RequantMode.ORT_FLOAT).graph().nodes().stream()
                .filter(n -> n.opType().equals("QLut")).findFirst().orElseThrow();
        assertEquals(List.of(1L, 5L, 1L, 1L), java.util.Arrays.stream(lut.attrInts("table_shape", new long[0]))
                .boxed().toList(), "one table per channel");
        Figure f = agreement(m, in, RequantMode.ORT_FLOAT);
        assertEquals(f.elements(), f.identical(), f.toString());
        Set<String> ts = IntegerAgreement.quantizedActivations(m.graph());
        Figure ort = IntegerAgreement.compareAll(IntegerAgreement.ort(m, ts, in, IntegerAgreement.ORT_DEFAULT),
                IntegerAgreement.ours(IntegerExecutor.of(m, RequantMode.ORT_FLOAT), ts, in), ts).get("all");
        assertClose(ort, 0.99);
    }

    @Test
    void poolingAndDataMovementAgreeWithFakeQuantization() {
        Map<String, Tensor> in = new LinkedHashMap<>();
        in.put("x", gaussian(1f, 1, 6, 10, 10));
        in.put("z", gaussian(4f, 1, 6, 5, 5));
        Model m = quantize(List.of(
                Node.builder("GlobalAveragePool").name("gap").inputs("x").outputs("g").build(),
                Node.builder("AveragePool").name("ap").inputs("x").outputs("a")
                        .attr("kernel_shape", Attribute.ofInts(3, 3)).attr("strides", Attribute.ofInts(2, 2))
                        .attr("pads", Attribute.ofInts(1, 1, 1, 1)).build(),
                Node.builder("MaxPool").name("mp").inputs("x").outputs("mx")
                        .attr("kernel_shape", Attribute.ofInts(2, 2)).attr("strides", Attribute.ofInts(2, 2)).build(),
                Node.builder("Concat").name("cat").inputs("mx", "a", "z").outputs("c")
                        .attr("axis", Attribute.ofInt(1)).build(),
                Node.builder("Transpose").name("tr").inputs("c").outputs("t")
                        .attr("perm", Attribute.ofInts(0, 2, 3, 1)).build()), in, Map.of(), "g", "t");
        assertEquals(2, integerNodes(m, "QAveragePool"));
        assertClose(agreement(m, in, RequantMode.ORT_FLOAT), 0.99);
        assertClose(agreement(m, in, BPU), 0.99);
    }
}
