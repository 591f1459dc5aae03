package qmap.quant;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import qmap.ir.DType;
import qmap.ir.Graph;
import qmap.ir.Node;
import qmap.ir.Tensor;
import qmap.ir.TensorType;
import qmap.ir.ValueInfo;

/** Which NPU outputs stay int32 when they leave the NPU (Horizon's "high precision" hand-over). */
class NpuOutputsTest {
    private static final Set<String> CPU = Set.of("softmax", "add_cpu");

    /**
     * x -> conv_a -> softmax (CPU) -> out_a; x -> conv_b -> relu (fused) -> out_b (model output);
     * x -> conv_c -> {mul (NPU), add_cpu (CPU)} -> out_c, out_d.
     */
    private static Graph graph() {
        Map<String, TensorType> types = new LinkedHashMap<>();
        for (String v : List.of("x", "a", "out_a", "bb", "out_b", "c", "out_c", "out_d")) {
            types.put(v, TensorType.of(DType.FLOAT, 1, 2, 1, 1));
        }
        Tensor w = Tensor.ofFloats(new int[] {2, 2, 1, 1}, 1f, 0.5f, -0.25f, 2f);
        Tensor b = Tensor.ofFloats(new int[] {2}, 0.1f, -0.1f);
        return new Graph("g", List.of(
                Node.builder("Conv").name("conv_a").inputs("x", "w", "b").outputs("a").build(),
                Node.builder("Softmax").name("softmax").inputs("a").outputs("out_a").build(),
                Node.builder("Conv").name("conv_b").inputs("x", "w", "b").outputs("bb").build(),
                Node.builder("Relu").name("relu").inputs("bb").outputs("out_b").build(),
                Node.builder("Conv").name("conv_c").inputs("x", "w", "b").outputs("c").build(),
                Node.builder("Mul").name("mul").inputs("c", "c").outputs("out_c").build(),
                Node.builder("Add").name("add_cpu").inputs("c", "c").outputs("out_d").build()),
                List.of(new ValueInfo("x", types.get("x"))),
                List.of(new ValueInfo("out_a", types.get("out_a")), new ValueInfo("out_b", types.get("out_b")),
                        new ValueInfo("out_c", types.get("out_c")), new ValueInfo("out_d", types.get("out_d"))),
                Map.of("w", w, "b", b), types);
    }

    private static QuantPlan plan(NpuOutputs outputs) {
        return new QuantPlanner(n -> !CPU.contains(n.name()), t -> DType.INT8, DType.INT8, outputs)
                .plan(graph(), (t, d) -> new ActivationQuant(t, d, 1.0, "test"));
    }

    @Test
    void accumulatorsLeavingTheNpuStayInt32() {
        QuantPlan p = plan(new NpuOutputs(true, true));
        assertFalse(p.activations().containsKey("a"), "conv read only by a CPU Softmax: int32");
        assertFalse(p.activations().containsKey("out_b"), "fused conv+relu as a model output: int32");
        assertTrue(p.activations().containsKey("c"), "an NPU reader needs int8");
        assertTrue(p.activations().containsKey("out_c"), "Mul is not an accumulating op");
        assertTrue(p.weights().containsKey("w"));
    }

    @Test
    void setModelOutputInt8RequantizesOnlyTheModelOutputs() {
        QuantPlan p = plan(new NpuOutputs(true, false));
        assertFalse(p.activations().containsKey("a"));
        assertTrue(p.activations().containsKey("out_b"));
    }

    @Test
    void requantizedProfilesQuantizeEveryNpuOutput() {
        QuantPlan p = plan(NpuOutputs.REQUANTIZED);
        assertTrue(p.activations().containsKey("a"));
        assertTrue(p.activations().containsKey("out_b"));
    }
}
