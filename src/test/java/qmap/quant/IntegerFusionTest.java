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
 * node-by-node run, on one thread and two, with float and fixed-point requantization.
 */
class IntegerFusionTest {
    private final Random rnd = new Random(31);
    private final Map<String, Tensor> consts = new HashMap<>();
    private final List<Node> nodes = new ArrayList<>();
    private final Map<String, Tensor> inputs = Map.of("x", RandomTensors.gaussian(rnd, 1, 1, 6, 13, 11));

    private void node(String op, String... io) {
        nodes.add(Node.builder(op).name(op + nodes.size()).inputs(List.of(io).subList(0, io.length - 1))
                .outputs(io[io.length - 1]).build());
    }

    private void conv(String x, String w, String b, String y, int group, int pad) {
        nodes.add(Node.builder("Conv").name("conv" + nodes.size()).inputs(x, w, b).outputs(y)
                .attr("group", Attribute.ofInt(group)).attr("pads", Attribute.ofInts(new long[] {pad, pad, pad, pad}))
                .build());
    }

    private Model block() {
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
        Model m = block();
        for (RequantMode mode : new RequantMode[] {RequantMode.ORT_FLOAT, RequantMode.fixedPoint(32, true)}) {
            for (int threads : new int[] {1, 2}) {
                try (IntegerExecutor x = IntegerExecutor.of(m, mode, threads)) {
                    Tensor plain = x.run(inputs, (p, name, t) -> { }).get("y");
                    List<String> ran = new ArrayList<>();
                    Tensor fused = x.run(inputs, new TensorListener() {
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
                    }).get("y");
                    assertEquals(plain.dtype(), fused.dtype());
                    assertArrayEquals(plain.floats(), fused.floats(), mode + ", " + threads + " thread(s)");
                    // the depthwise Conv's output is read by the pooling too, so it stays apart
                    assertEquals(List.of("Quantize", "QConvLut", "QConv", "QAveragePool", "QLut", "QLutChain",
                            "QConvLut", "Dequantize"), ran);
                }
            }
        }
    }
}
