package qmap.quant;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import qmap.exec.TensorListener;
import qmap.ir.Attribute;
import qmap.ir.Model;
import qmap.ir.Node;
import qmap.ir.Tensor;
import qmap.quant.integer.IntegerFusion;
import qmap.quant.integer.RequantMode;
import qmap.testing.RandomTensors;

/**
 * The integer runtime's fused plan ({@link IntegerFusion}) on a quantized mobile block: the
 * hard-swish after a Conv becomes the Conv's look-up ({@code QConvLut}), the squeeze-excitation
 * product and residual one per-channel look-up pass ({@code QLutChain}), the ConvTranspose with
 * its bias, BatchNormalization and Relu one node; and the fused run gives the bits of the
 * node-by-node run, on one thread and two, with float and fixed-point requantization. The image
 * is 47 x 45, enough values per channel for the per-channel tables to be made (smaller tensors
 * run their chain node by node, also checked).
 */
class IntegerFusionTest {
    private final Random rnd = new Random(31);
    private final Map<String, Tensor> consts = new HashMap<>();
    private final List<Node> nodes = new ArrayList<>();

    private void node(String op, String... io) {
        nodes.add(Node.builder(op).name(op + nodes.size()).inputs(List.of(io).subList(0, io.length - 1))
                .outputs(io[io.length - 1]).build());
    }

    private void conv(String x, String w, String b, String y, int group, int pad) {
        nodes.add(Node.builder("Conv").name("conv" + nodes.size()).inputs(x, w, b).outputs(y)
                .attr("group", Attribute.ofInt(group)).attr("pads", Attribute.ofInts(new long[] {pad, pad, pad, pad}))
                .build());
    }

    private Model block(Map<String, Tensor> inputs) {
        consts.put("w1", RandomTensors.gaussian(rnd, 0.3, 12, 6, 3, 3));
        consts.put("b1", RandomTensors.gaussian(rnd, 0.1, 12));
        consts.put("three", Tensor.scalar(3f));
        consts.put("zero", Tensor.scalar(0f));
        consts.put("six", Tensor.scalar(6f));
        consts.put("wd", RandomTensors.gaussian(rnd, 0.3, 12, 1, 3, 3));
        consts.put("bd", RandomTensors.gaussian(rnd, 0.1, 12));
        consts.put("wt", RandomTensors.gaussian(rnd, 0.3, 12, 4, 2, 2));
        consts.put("bt", RandomTensors.gaussian(rnd, 0.1, 1, 4, 1, 1));
        consts.put("bs", Tensor.ofFloats(new int[] {4}, 1.1f, 0.9f, 1.3f, 0.7f));
        consts.put("bb", RandomTensors.gaussian(rnd, 0.1, 4));
        consts.put("bm", RandomTensors.gaussian(rnd, 0.1, 4));
        consts.put("bv", Tensor.ofFloats(new int[] {4}, 0.8f, 1.2f, 1f, 1.5f));
        conv("x", "w1", "b1", "c", 1, 1);
        node("Add", "c", "three", "a3");
        node("Clip", "a3", "zero", "six", "cl");
        node("Mul", "c", "cl", "m");
        node("Div", "m", "six", "h");
        conv("h", "wd", "bd", "d", 12, 1);
        node("GlobalAveragePool", "d", "g");
        nodes.add(Node.builder("HardSigmoid").name("hsig").inputs("g").outputs("se").build());
        node("Mul", "d", "se", "sd");
        node("Add", "sd", "d", "res");
        nodes.add(Node.builder("ConvTranspose").name("up").inputs("res", "wt").outputs("t")
                .attr("strides", Attribute.ofInts(new long[] {2, 2})).build());
        node("Add", "t", "bt", "tb");
        node("BatchNormalization", "tb", "bs", "bb", "bm", "bv", "bn");
        node("Relu", "bn", "y");
        return IntegerKernelsTest.quantize(nodes, inputs, consts, "y");
    }

    @Test
    void fusedChainsGiveTheBitsOfTheNodesOneByOne() {
        Map<String, Tensor> inputs = Map.of("x", RandomTensors.gaussian(rnd, 1, 1, 6, 47, 45));
        checkFusedRun(block(inputs), inputs);
    }

    @Test
    void smallTensorsRunTheirPerChannelChainNodeByNodeWithTheSameBits() {
        Map<String, Tensor> small = Map.of("x", RandomTensors.gaussian(rnd, 1, 1, 6, 13, 11));
        checkFusedRun(block(small), small);
    }

    private static void checkFusedRun(Model m, Map<String, Tensor> inputs) {
        // the depthwise Conv's output is read by the pooling too, so it stays apart
        List<String> steps = List.of("Quantize", "QConvLut", "QConv", "QAveragePool", "QLut", "QLutChain", "QConvLut",
                "Dequantize");
        checkAgainstNodeByNode(m, inputs, 0, steps, steps);
    }

    /**
     * Residual sums: a Conv whose output only an Add reads, with a tensor of the same shape, runs
     * as one {@code QConvAdd} (the convolution's output on either side of the Add) with the bits
     * of the nodes one by one; a Conv whose output another node reads too stays apart; with
     * fixed-point requantization the Add runs by itself.
     */
    @Test
    void residualAddsRunInTheConvolutionWithTheSameBits() {
        consts.put("w1", RandomTensors.gaussian(rnd, 0.3, 6, 6, 3, 3));
        consts.put("b1", RandomTensors.gaussian(rnd, 0.1, 6));
        consts.put("w2", RandomTensors.gaussian(rnd, 0.4, 6, 6, 1, 1));
        consts.put("b2", RandomTensors.gaussian(rnd, 0.1, 6));
        consts.put("w3", RandomTensors.gaussian(rnd, 0.3, 6, 1, 3, 3));
        consts.put("b3", RandomTensors.gaussian(rnd, 0.1, 6));
        conv("x", "w1", "b1", "c", 1, 1);
        conv("c", "w2", "b2", "p", 1, 0);
        node("Add", "p", "c", "r1");
        conv("r1", "w3", "b3", "q", 6, 1);
        node("Add", "r1", "q", "y");
        for (int[] hw : new int[][] {{23, 21}, {64, 61}}) {
            Map<String, Tensor> inputs = Map.of("x", RandomTensors.gaussian(rnd, 1, 1, 6, hw[0], hw[1]));
            checkAgainstNodeByNode(IntegerKernelsTest.quantize(nodes, inputs, consts, "y"), inputs, 0,
                    List.of("Quantize", "QConv", "QConvAdd", "QConvAdd", "Dequantize"),
                    List.of("Quantize", "QConv", "QConv", "QAdd", "QConv", "QAdd", "Dequantize"));
        }
    }

    /**
     * The fused run of m gives the bits of the node-by-node run, with float and fixed-point
     * requantization on 1 and 2 threads, and runs these steps (after the first {@code skip}).
     */
    private static void checkAgainstNodeByNode(Model m, Map<String, Tensor> inputs, int skip, List<String> floatSteps,
                                               List<String> fixedPointSteps) {
        for (RequantMode mode : new RequantMode[] {RequantMode.ORT_FLOAT, RequantMode.fixedPoint(32, true)}) {
            for (int threads : new int[] {1, 2}) {
                try (IntegerExecutor x = IntegerExecutor.of(m, mode, threads)) {
                    Tensor plain = x.run(inputs, (p, name, t) -> { }).get("y");
                    List<String> ran = new ArrayList<>();
                    Tensor fused = x.run(inputs, recorder(ran)).get("y");
                    String what = java.util.Arrays.toString(inputs.get("x").shape()) + ", " + mode + ", " + threads + " thread(s)";
                    assertEquals(plain.dtype(), fused.dtype());
                    assertArrayEquals(plain.floats(), fused.floats(), what);
                    assertEquals(mode == RequantMode.ORT_FLOAT ? floatSteps : fixedPointSteps,
                            ran.subList(skip, ran.size()), what + ": " + ran);
                }
            }
        }
    }

    /**
     * A per-channel look-up chain (squeeze-excitation product and residual) whose output only an
     * Add with another 8-bit tensor of its shape reads runs that Add in its look-up pass (one
     * {@code QLutChain}), with the bits of the nodes one by one, for tensors that make
     * per-channel tables and for small ones that run node by node.
     */
    @Test
    void addAfterALookUpChainRunsInItsPassWithTheSameBits() {
        consts.put("w1", RandomTensors.gaussian(rnd, 0.3, 12, 6, 3, 3));
        consts.put("b1", RandomTensors.gaussian(rnd, 0.1, 12));
        conv("x", "w1", "b1", "c", 1, 1);
        node("GlobalAveragePool", "c", "g");
        nodes.add(Node.builder("HardSigmoid").name("hsig").inputs("g").outputs("se").build());
        node("Mul", "c", "se", "sd");
        node("Add", "sd", "c", "r");
        node("Add", "x2", "r", "y");
        for (int[] hw : new int[][] {{47, 45}, {13, 11}}) {
            Map<String, Tensor> inputs = Map.of("x", RandomTensors.gaussian(rnd, 1, 1, 6, hw[0], hw[1]),
                    "x2", RandomTensors.gaussian(rnd, 2, 1, 12, hw[0], hw[1]));
            // the two inputs' Quantize nodes first
            checkAgainstNodeByNode(IntegerKernelsTest.quantize(nodes, inputs, consts, "y"), inputs, 2,
                    List.of("QConv", "QAveragePool", "QLut", "QLutChain", "Dequantize"),
                    List.of("QConv", "QAveragePool", "QLut", "QLutChain", "QAdd", "Dequantize"));
        }
    }

    /**
     * A uint8 NHWC input's preprocessing (Cast, Transpose to NCHW, per-channel mean and scale,
     * Quantize, kept in float by the build) runs as one {@code QTransposeLut} with the bits of
     * the nodes one by one, for byte- and long-backed inputs, with and without the Transpose.
     */
    @Test
    void inputPreprocessingIsOneLookUpPassWithTheSameBits() {
        for (boolean transpose : new boolean[] {true, false}) {
            nodes.clear();
            consts.clear();
            // the NHWC image is large enough for two parallel pieces of the look-up pass (32 K pixels each)
            int[] shape = transpose ? new int[] {1, 190, 191, 3} : new int[] {1, 3, 5, 7};
            long[] codes = new long[qmap.ir.Shapes.size(shape)];
            byte[] bytes = new byte[codes.length];
            for (int i = 0; i < codes.length; i++) {
                codes[i] = rnd.nextInt(256);
                bytes[i] = (byte) codes[i];
            }
            consts.put("mean", Tensor.ofFloats(new int[] {1, 3, 1, 1}, 123.7f, 116.3f, 103.5f));
            consts.put("scale", transpose ? Tensor.ofFloats(new int[] {1, 3, 1, 1}, 0.0171f, 0.0175f, 0.0174f)
                    : Tensor.scalar(1 / 58f));
            consts.put("w", RandomTensors.gaussian(rnd, 0.3, 4, 3, 3, 3));
            consts.put("b", RandomTensors.gaussian(rnd, 0.1, 4));
            nodes.add(Node.builder("Cast").name("cast").inputs("x").outputs("xf")
                    .attr("to", Attribute.ofInt(qmap.ir.DType.FLOAT.onnxCode())).build());
            String nchw = "xf";
            if (transpose) {
                nodes.add(Node.builder("Transpose").name("nchw").inputs("xf").outputs("xt")
                        .attr("perm", Attribute.ofInts(new long[] {0, 3, 1, 2})).build());
                nchw = "xt";
            }
            node("Sub", nchw, "mean", "centered");
            node("Mul", "centered", "scale", "normalized");
            conv("normalized", "w", "b", "c", 1, 1);
            node("Relu", "c", "y");
            Map<String, Tensor> in = Map.of("x", Tensor.of(qmap.ir.DType.UINT8, shape, codes));
            Model m = IntegerKernelsTest.quantize(nodes, in, consts,
                    n -> n.opType().equals("Conv") || n.opType().equals("Relu"), t -> qmap.ir.DType.INT8, "y");
            for (Tensor x : List.of(in.get("x"), Tensor.ofBytes(qmap.ir.DType.UINT8, shape, bytes))) {
                for (int threads : new int[] {1, 2}) {
                    try (IntegerExecutor ex = IntegerExecutor.of(m, RequantMode.ORT_FLOAT, threads)) {
                        Map<String, Tensor> run = Map.of("x", x);
                        Tensor plain = ex.run(run, (p, name, t) -> { }).get("y");
                        List<String> ran = new ArrayList<>();
                        Tensor fused = ex.run(run, recorder(ran)).get("y");
                        String what = (transpose ? "NHWC" : "NCHW") + ", " + (x.bytes() != null ? "bytes" : "longs")
                                + ", " + threads + " thread(s)";
                        assertArrayEquals(plain.floats(), fused.floats(), what);
                        assertEquals("QTransposeLut", ran.get(0), what + ": " + ran);
                    }
                }
            }
        }
    }

    /**
     * A nearest Resize whose codes are requantized for a Concat runs as one {@code QLutResize}
     * (the look-up before the upsampling) with the bits of the nodes one by one.
     */
    @Test
    void requantizationAfterANearestResizeLooksUpBeforeUpsampling() {
        // the second branch has the wider range, so the upsampled one is requantized to the Concat's scale
        consts.put("w1", RandomTensors.gaussian(rnd, 0.1, 4, 3, 3, 3));
        consts.put("b1", RandomTensors.gaussian(rnd, 0.1, 4));
        consts.put("w2", RandomTensors.gaussian(rnd, 1.0, 4, 3, 3, 3));
        consts.put("b2", RandomTensors.gaussian(rnd, 0.1, 4));
        consts.put("roi", Tensor.ofFloats(new int[] {0}));
        consts.put("scales", Tensor.ofFloats(new int[] {4}, 1f, 1f, 2f, 2f));
        conv("x", "w1", "b1", "c1", 1, 1);
        node("Resize", "c1", "roi", "scales", "up");
        conv("x2", "w2", "b2", "c2", 1, 1);
        nodes.add(Node.builder("Concat").name("cat").inputs("up", "c2").outputs("y")
                .attr("axis", Attribute.ofInt(1)).build());
        Map<String, Tensor> in = Map.of("x", RandomTensors.gaussian(rnd, 1, 1, 3, 9, 7),
                "x2", RandomTensors.gaussian(rnd, 1, 1, 3, 18, 14));
        Model m = IntegerKernelsTest.quantize(nodes, in, consts, "y");
        try (IntegerExecutor ex = IntegerExecutor.of(m, RequantMode.ORT_FLOAT, 1)) {
            Tensor plain = ex.run(in, (p, name, t) -> { }).get("y");
            List<String> ran = new ArrayList<>();
            Tensor fused = ex.run(in, recorder(ran)).get("y");
            assertArrayEquals(plain.floats(), fused.floats());
            assertEquals(true, ran.contains("QLutResize"), "ran " + ran);
        }
    }

    /** A listener that lets the executor fuse and records the op type of each step it runs. */
    private static TensorListener recorder(List<String> ran) {
        return new TensorListener() {
            @Override
            public void onTensor(Node producer, String name, Tensor value) {
            }

            @Override
            public boolean needsEveryTensor() {
                return false;
            }

            @Override
            public void onNode(Node node, Tensor[] in, Tensor[] out) {
                ran.add(node.opType());
            }
        };
    }
}
