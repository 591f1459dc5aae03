package qmap.exec;

import qmap.kernels.FastKernels;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

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
import qmap.ops.OpRegistry;

/**
 * The executor's outputs do not depend on its thread count: a detection-head-like stack (strided
 * 3x3 conv, clip, depthwise conv, 1x1 convs, per-channel add, hard-swish arithmetic, transposed
 * conv, matrix product) gives bit-identical results on 1, 2 and 3 threads.
 */
class ExecutorThreadsTest {
    @Test
    void outputsAreBitIdenticalForOneTwoAndThreeThreads() {
        Random rnd = new Random(1);
        Map<String, Tensor> consts = new HashMap<>();
        consts.put("w1", random(rnd, 32, 3, 3, 3));
        consts.put("b1", random(rnd, 32));
        consts.put("lo", Tensor.scalar(0f));
        consts.put("hi", Tensor.scalar(6f));
        consts.put("wd", random(rnd, 32, 1, 3, 3));
        consts.put("w2", random(rnd, 48, 32, 1, 1));
        consts.put("b2", random(rnd, 48));
        consts.put("c", random(rnd, 1, 48, 1, 1));
        consts.put("three", Tensor.scalar(3f));
        consts.put("six", Tensor.scalar(6f));
        consts.put("wt", random(rnd, 48, 16, 2, 2));
        consts.put("w3", random(rnd, 24, 16, 3, 3));
        consts.put("m", random(rnd, 196, 40));
        List<Node> nodes = List.of(
                conv("conv1", "x", "w1", "b1", "y1", 1, 2),
                Node.builder("Clip").name("clip").inputs("y1", "lo", "hi").outputs("y2").build(),
                conv("dw", "y2", "wd", null, "y3", 32, 1),
                conv("pw", "y3", "w2", "b2", "y4", 1, 1),
                binary("Add", "y4", "c", "y5"),
                binary("Add", "y5", "three", "y6"),
                Node.builder("Clip").name("clip2").inputs("y6", "lo", "hi").outputs("y7").build(),
                binary("Mul", "y5", "y7", "y8"),
                binary("Div", "y8", "six", "y9"),
                Node.builder("ConvTranspose").name("up").inputs("y9", "wt").outputs("y10")
                        .attr("strides", Attribute.ofInts(2, 2)).build(),
                conv("conv3", "y10", "w3", null, "y11", 1, 1),
                Node.builder("MatMul").name("mm").inputs("y11", "m").outputs("y").build());
        Graph g = new Graph("stack", nodes, List.of(new ValueInfo("x", TensorType.of(DType.FLOAT, 1, 3, 193, 191))),
                List.of(new ValueInfo("y", TensorType.UNKNOWN)), consts, Map.of());
        Map<String, Tensor> in = Map.of("x", random(rnd, 1, 3, 193, 191));
        float[] one = run(g, in, 1);
        assertEquals(24 * 198 * 40, one.length);
        assertArrayEquals(one, run(g, in, 2), "2 threads");
        assertArrayEquals(one, run(g, in, 3), "3 threads");
    }

    private static float[] run(Graph g, Map<String, Tensor> in, int threads) {
        try (Executor e = new Executor(g, FastKernels.registry(), 21, threads)) {
            return e.run(in).get("y").floats();
        }
    }

    private static Node conv(String name, String x, String w, String b, String y, int group, int stride) {
        return Node.builder("Conv").name(name).inputs(b == null ? new String[] {x, w} : new String[] {x, w, b})
                .outputs(y).attr("group", Attribute.ofInt(group)).attr("strides", Attribute.ofInts(stride, stride))
                .attr("pads", Attribute.ofInts(1, 1, 1, 1)).build();
    }

    private static Node binary(String op, String a, String b, String y) {
        return Node.builder(op).name(op + y).inputs(a, b).outputs(y).build();
    }

    private static Tensor random(Random rnd, int... shape) {
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
}
