package qmap.exec;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import qmap.ir.Attribute;
import qmap.ir.DType;
import qmap.ir.Graph;
import qmap.ir.Node;
import qmap.ir.Tensor;
import qmap.ir.TensorType;
import qmap.ir.ValueInfo;
import qmap.kernels.FastKernels;
import qmap.kernels.Fusion;
import qmap.ops.OpRegistry;
import qmap.ops.Operator;
import qmap.passes.InferTypes;

/**
 * The fused plan ({@link Fusion}): which chains become one node, and that a fused run gives the
 * bits of the unfused run (a listener that needs every tensor), for any thread count, close to
 * the reference kernels; chains whose intermediate values are read elsewhere stay apart, and a
 * fused node whose inputs do not fit runs its nodes one by one.
 */
class FusedExecutionTest {
    /** Sees every tensor: the executor runs the graph as written. */
    private static final TensorListener EVERY_TENSOR = (producer, name, value) -> { };

    private final Random rnd = new Random(5);
    private final Map<String, Tensor> consts = new HashMap<>();
    private final List<Node> nodes = new ArrayList<>();

    /**
     * A mobile block: Conv, BatchNormalization, scalar affine, hard-swish as Add/Clip/Mul/Div, a
     * per-channel Mul; depthwise Conv and Relu; squeeze-excitation (GlobalAveragePool,
     * HardSigmoid, Mul by the per-channel result) with a residual Add; 1x1 Conv and swish.
     */
    private Graph mobileBlock() {
        constant("w1", 12, 8, 3, 3);
        constant("b1", 12);
        consts.put("bs", positive(12));
        constant("bb", 12);
        constant("bm", 12);
        consts.put("bv", positive(12));
        consts.put("k1", Tensor.ofFloats(new int[] {1}, 0.93f));
        consts.put("k2", Tensor.ofFloats(new int[] {1}, -0.21f));
        consts.put("three", Tensor.scalar(3f));
        consts.put("zero", Tensor.scalar(0f));
        consts.put("six", Tensor.scalar(6f));
        constant("pc", 1, 12, 1, 1);
        constant("wd", 12, 1, 5, 5);
        constant("bd", 12);
        constant("w3", 6, 12, 1, 1);
        conv("c1", "x", "w1", "b1", "y1", 1, 1);
        node("BatchNormalization", "y1", "bs", "bb", "bm", "bv", "bn");
        node("Mul", "k1", "bn", "t");
        node("Add", "t", "k2", "u");
        node("Add", "u", "three", "a3");
        node("Clip", "a3", "zero", "six", "cl");
        node("Mul", "u", "cl", "m");
        node("Div", "m", "six", "h");
        node("Mul", "h", "pc", "p");
        conv("dw", "p", "wd", "bd", "d", 12, 2);
        node("Relu", "d", "r");
        node("GlobalAveragePool", "r", "g");
        nodes.add(Node.builder("HardSigmoid").name("hsig").inputs("g").outputs("se")
                .attr("alpha", Attribute.ofFloat(0.1666667f)).build());
        node("Mul", "r", "se", "sr");
        node("Add", "sr", "p", "res");
        conv("pw", "res", "w3", null, "q", 1, 0);
        node("Sigmoid", "q", "sq");
        node("Mul", "q", "sq", "y");
        return graph(new int[] {1, 8, 19, 23}, "y");
    }

    @Test
    void chainsBecomeConvEpiloguesAndSinglePasses() {
        assertEquals(List.of("FusedConv", "FusedConv", "GlobalAveragePool", "HardSigmoid", "FusedElementwise",
                "FusedConv"), planTypes(mobileBlock()));
    }

    @Test
    void fusedRunsGiveTheBitsOfUnfusedRunsOnAnyThreadCount() {
        Graph g = mobileBlock();
        Map<String, Tensor> in = Map.of("x", random(1, 8, 19, 23));
        float[] plain = run(g, in, 1, EVERY_TENSOR);
        float[] reference;
        try (Executor e = new Executor(g, OpRegistry.reference(), 21, 1)) {
            reference = e.run(in).get("y").floats();
        }
        assertClose(reference, plain);
        for (int threads = 1; threads <= 3; threads++) {
            assertArrayEquals(plain, run(g, in, threads, null), threads + " thread(s)");
        }
    }

    @Test
    void specialValuesPassThroughAFusedChainAsThroughItsNodes() {
        consts.put("three", Tensor.scalar(3f));
        consts.put("zero", Tensor.scalar(0f));
        consts.put("six", Tensor.scalar(6f));
        constant("pc", 1, 4, 1, 1);
        node("Add", "x", "three", "a");
        node("Clip", "a", "zero", "six", "c");
        node("Mul", "x", "c", "m");
        node("Div", "m", "zero", "d");
        node("Sub", "pc", "d", "s");
        node("Relu", "s", "r");
        node("HardSwish", "r", "hs");
        node("Sigmoid", "hs", "y");
        Graph g = graph(new int[] {2, 4, 5, 7}, "y");
        assertEquals(List.of("FusedElementwise"), planTypes(g));
        Tensor x = random(2, 4, 5, 7);
        float[] v = x.floats();
        float[] special = {Float.NaN, -0f, 0f, Float.NEGATIVE_INFINITY, Float.POSITIVE_INFINITY, -3f, 3f, 6f, -6f,
            1e-40f, -1e-40f, Float.MAX_VALUE};
        for (int i = 0; i < v.length; i++) {
            v[i] = i < special.length ? special[i] : v[i] * 8;
        }
        Map<String, Tensor> in = Map.of("x", x);
        assertArrayEquals(run(g, in, 1, EVERY_TENSOR), run(g, in, 2, null));
    }

    @Test
    void valuesReadOutsideAChainKeepItApart() {
        constant("w", 4, 3, 1, 1);
        consts.put("one", Tensor.scalar(1f));
        conv("c", "x", "w", null, "a", 1, 0);
        node("Relu", "a", "b");
        node("Add", "b", "one", "y");
        Graph g = graph(new int[] {1, 3, 6, 6}, "y");
        // the Conv's output is also a graph output: the Conv stays alone; Relu and Add fuse
        Graph withOutput = g.withOutputs(List.of(new ValueInfo("y", TensorType.UNKNOWN),
                new ValueInfo("a", TensorType.UNKNOWN)));
        assertEquals(List.of("Conv", "FusedElementwise"), planTypes(withOutput));
        // Relu's output is read by a Transpose too: the chain stops before the Add
        nodes.add(Node.builder("Transpose").name("t").inputs("b").outputs("bt").build());
        Graph withReader = graph(new int[] {1, 3, 6, 6}, "y").withOutputs(List.of(
                new ValueInfo("y", TensorType.UNKNOWN), new ValueInfo("bt", TensorType.UNKNOWN)));
        assertEquals(List.of("FusedConv", "Add", "Transpose"), planTypes(withReader));
        Map<String, Tensor> in = Map.of("x", random(1, 3, 6, 6));
        assertArrayEquals(run(withReader, in, 1, EVERY_TENSOR), run(withReader, in, 2, null));
    }

    /** x -> QuantizeLinear -> DequantizeLinear -> y, scales and zero points as given (int8 zero points). */
    private Graph qdq(float qScale, long qZero, float dqScale, long dqZero) {
        return qdq(DType.INT8, qScale, qZero, dqScale, dqZero);
    }

    private Graph qdq(DType type, float qScale, long qZero, float dqScale, long dqZero) {
        consts.put("qs", Tensor.scalar(qScale));
        consts.put("qz", Tensor.of(type, new int[0], new long[] {qZero}));
        consts.put("ds", Tensor.scalar(dqScale));
        consts.put("dz", Tensor.of(type, new int[0], new long[] {dqZero}));
        node("QuantizeLinear", "x", "qs", "qz", "c");
        node("DequantizeLinear", "c", "ds", "dz", "y");
        return graph(new int[] {1, 3, 17, 19}, "y");
    }

    /** Gaussian values times 4 (some clip at the scale 0.02), with NaN and infinities. */
    private Map<String, Tensor> qdqInput() {
        Tensor x = random(1, 3, 17, 19);
        float[] v = x.floats().clone();
        for (int i = 0; i < v.length; i++) {
            v[i] *= 4;
        }
        v[3] = Float.NaN;
        v[5] = Float.POSITIVE_INFINITY;
        v[7] = Float.NEGATIVE_INFINITY;
        v[9] = 0.03f; // 1.5 steps: rounds half to even
        return Map.of("x", Tensor.ofFloats(x.shape(), v));
    }

    @Test
    void aQuantizeDequantizePairIsOnePassWithTheBitsOfTheTwoNodes() {
        Graph g = qdq(0.02f, 3, 0.02f, 3);
        assertEquals(List.of("FusedQdq"), planTypes(g));
        Map<String, Tensor> in = qdqInput();
        float[] plain = run(g, in, 1, EVERY_TENSOR);
        assertArrayEquals(plain, run(g, in, 1, null));
        assertArrayEquals(plain, run(g, in, 2, null));
        // by hand: 0.03 / 0.02 = 1.5 rounds to 2, +3 = 5, back (5 - 3) * 0.02
        assertEquals(2 * 0.02f, plain[9]);
        assertEquals((-128 - 3) * 0.02f, plain[3], "NaN becomes the smallest code");
        assertEquals((127 - 3) * 0.02f, plain[5]);
    }

    @Test
    void theVectorRoundTripMatchesTheNodesOnTiesAndBeyondTheRange() {
        // quotients on and next to half steps, across and past each type's range, and -0, NaN, infinities
        for (DType type : new DType[] {DType.INT8, DType.UINT8, DType.INT16}) {
            long zero = type == DType.UINT8 ? 131 : type == DType.INT16 ? -7 : 5;
            float scale = 0.037f;
            nodes.clear();
            consts.clear();
            Graph g = qdq(type, scale, zero, scale, zero);
            assertEquals(List.of("FusedQdq"), planTypes(g));
            Tensor x = random(1, 3, 17, 19);
            float[] v = x.floats().clone();
            double span = type == DType.INT16 ? 70000 : 300;
            for (int i = 0; i < v.length; i++) {
                double k = Math.floor((rnd.nextDouble() * 2 - 1) * span) + (i % 3 == 0 ? 0.5 : i % 3 == 1 ? 0 : 0.49);
                v[i] = (float) (k * scale);
            }
            v[10] = -0f;
            v[11] = Float.NaN;
            v[12] = Float.NEGATIVE_INFINITY;
            v[13] = Float.POSITIVE_INFINITY;
            v[14] = -1e30f;
            Map<String, Tensor> in = Map.of("x", Tensor.ofFloats(x.shape(), v));
            float[] plain = run(g, in, 1, EVERY_TENSOR);
            assertArrayEquals(plain, run(g, in, 1, null), type.onnxName());
            assertArrayEquals(plain, run(g, in, 2, null), type.onnxName() + ", two threads");
        }
    }

    @Test
    void aPairWithOtherDequantizeParametersRunsBothNodes() {
        Graph g = qdq(0.02f, 3, 0.05f, -1);
        assertEquals(List.of("FusedQdq"), planTypes(g));
        Map<String, Tensor> in = qdqInput();
        assertArrayEquals(run(g, in, 1, EVERY_TENSOR), run(g, in, 2, null));
    }

    @Test
    void codesReadTwiceAreNotFused() {
        consts.put("qs", Tensor.scalar(0.1f));
        consts.put("qz", Tensor.of(DType.INT8, new int[0], new long[] {0}));
        node("QuantizeLinear", "x", "qs", "qz", "c");
        node("DequantizeLinear", "c", "qs", "qz", "d1");
        node("DequantizeLinear", "c", "qs", "qz", "d2");
        node("Add", "d1", "d2", "y");
        Graph g = graph(new int[] {1, 3, 5, 5}, "y");
        assertEquals(List.of("QuantizeLinear", "DequantizeLinear", "DequantizeLinear", "Add"), planTypes(g));
    }

    @Test
    void aFusedNodeWhoseInputsDoNotFitRunsItsNodesOneByOne() {
        // 1-D convolution: the fast Conv does not cover it, so the fused node runs Conv then Relu
        constant("w", 4, 3, 3);
        conv1d();
        node("Relu", "a", "y");
        Graph g = graph(new int[] {1, 3, 11}, "y");
        assertEquals(List.of("FusedConv"), planTypes(g));
        Map<String, Tensor> in = Map.of("x", random(1, 3, 11));
        assertArrayEquals(run(g, in, 1, EVERY_TENSOR), run(g, in, 2, null));
    }

    private void conv1d() {
        nodes.add(Node.builder("Conv").name("c").inputs("x", "w").outputs("a")
                .attr("pads", Attribute.ofInts(1, 1)).build());
    }

    private List<String> planTypes(Graph g) {
        Operator[] ops = new Operator[g.nodes().size()];
        for (int i = 0; i < ops.length; i++) {
            ops[i] = FastKernels.registry().find("", g.nodes().get(i).opType());
        }
        List<String> types = new ArrayList<>();
        for (Fusion.Step s : Fusion.plan(g, ops)) {
            types.add(s.node().opType());
        }
        return types;
    }

    private static float[] run(Graph g, Map<String, Tensor> in, int threads, TensorListener listener) {
        try (Executor e = new Executor(g, FastKernels.registry(), 21, threads)) {
            e.run(in, listener);
            return e.run(in, listener).get("y").floats();
        }
    }

    private Graph graph(int[] xShape, String output) {
        Graph g = new Graph("g", List.copyOf(nodes), List.of(new ValueInfo("x", TensorType.of(DType.FLOAT, xShape))),
                List.of(new ValueInfo(output, TensorType.UNKNOWN)), consts, Map.of());
        return new InferTypes().apply(g);
    }

    private void node(String op, String... io) {
        String[] in = java.util.Arrays.copyOf(io, io.length - 1);
        nodes.add(Node.builder(op).name(op + "_" + io[io.length - 1]).inputs(in).outputs(io[io.length - 1]).build());
    }

    private void conv(String name, String x, String w, String b, String y, int group, int pad) {
        nodes.add(Node.builder("Conv").name(name).inputs(b == null ? new String[] {x, w} : new String[] {x, w, b})
                .outputs(y).attr("group", Attribute.ofInt(group)).attr("pads", Attribute.ofInts(pad, pad, pad, pad))
                .build());
    }

    private void constant(String name, int... shape) {
        consts.put(name, random(shape));
    }

    private Tensor positive(int n) {
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = 0.5f + rnd.nextFloat();
        }
        return Tensor.ofFloats(new int[] {n}, v);
    }

    private Tensor random(int... shape) {
        int n = 1;
        for (int d : shape) {
            n *= d;
        }
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = (float) rnd.nextGaussian();
        }
        return Tensor.ofFloats(shape, v);
    }

    private static void assertClose(float[] ref, float[] got) {
        double maxRef = 0;
        double maxDiff = 0;
        for (int i = 0; i < ref.length; i++) {
            maxRef = Math.max(maxRef, Math.abs(ref[i]));
            maxDiff = Math.max(maxDiff, Math.abs(ref[i] - got[i]));
        }
        assertTrue(maxDiff <= 1e-5 * maxRef, "max abs diff " + maxDiff + " vs max |ref| " + maxRef);
    }
}
