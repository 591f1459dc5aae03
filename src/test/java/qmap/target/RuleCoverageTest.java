package qmap.target;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static qmap.target.GraphBuilder.dims;
import static qmap.target.GraphBuilder.ints;

import java.util.List;
import org.junit.jupiter.api.Test;
import qmap.ir.Attribute;
import qmap.ir.Graph;
import qmap.ir.Node;
import qmap.ir.Tensor;

/** One node of many op types, placed on every built-in profile: rules evaluate and reasons carry numbers. */
class RuleCoverageTest {
    private static Graph zoo() {
        GraphBuilder b = new GraphBuilder().input("x", 1, 16, 32, 32).input("x2", 1, 16, 32, 32)
                .constant("scales", Tensor.ofFloats(new int[] {4}, 1, 1, 2, 2))
                .constant("pads", Tensor.ofLongs(new int[] {8}, 0, 0, 1, 1, 0, 0, 1, 1))
                .constant("split", Tensor.ofLongs(new int[] {2}, 8, 8))
                .constant("axes", Tensor.ofLongs(new int[] {2}, 2, 3))
                .constant("mw", 32, 10).constant("slope", 16, 1, 1).constant("e", Tensor.scalar(2f))
                .constant("ctw", 16, 8, 4, 4).constant("idx", Tensor.ofLongs(new int[] {2}, 0, 1));
        b.node("Resize", "resize", List.of("x", "", "scales"), "r", dims(1, 16, 64, 64));
        b.node("Resize", "resize3", List.of("x", "", "scales"), "r3", dims(1, 16, 96, 96));
        b.node("Pad", "pad", List.of("x", "pads"), "p", dims(1, 16, 34, 34));
        b.node("Split", "split", List.of("x", "split"), "s1", dims(1, 8, 32, 32), "axis", Attribute.ofInt(1));
        b.node("ReduceMean", "rmean", List.of("x", "axes"), "rm", dims(1, 16, 1, 1));
        b.node("MatMul", "matmul", List.of("x", "mw"), "mm", dims(1, 16, 32, 10));
        b.node("Concat", "concat", List.of("x", "x2"), "cc", dims(1, 32, 32, 32), "axis", Attribute.ofInt(1));
        b.node("PRelu", "prelu", List.of("x", "slope"), "pr", dims(1, 16, 32, 32));
        b.node("Pow", "pow", List.of("x", "e"), "pw", dims(1, 16, 32, 32));
        b.node("ConvTranspose", "ct", List.of("x", "ctw"), "ctout", dims(1, 8, 64, 64), "strides", ints(2, 2),
                "pads", ints(1, 1, 1, 1));
        b.node("Sigmoid", "sig", List.of("x"), "sg", dims(1, 16, 32, 32));
        b.node("Tanh", "tanh", List.of("x"), "th", dims(1, 16, 32, 32));
        b.node("Add", "add", List.of("x", "x2"), "ad", dims(1, 16, 32, 32));
        b.node("MaxPool", "maxpool", List.of("x"), "mp", dims(1, 16, 16, 16), "kernel_shape", ints(2, 2),
                "strides", ints(2, 2));
        b.node("AveragePool", "avgpool", List.of("x"), "ap", dims(1, 16, 16, 16), "kernel_shape", ints(2, 2),
                "strides", ints(2, 2), "auto_pad", Attribute.ofString("SAME_UPPER"));
        b.node("Gather", "gather", List.of("x", "idx"), "ga", dims(2, 16, 32, 32));
        b.node("ArgMax", "argmax", List.of("x"), "am", dims(1, 1, 32, 32), "axis", Attribute.ofInt(1));
        return b.build();
    }

    @Test
    void everyFactEvaluatesOrIsUnknownOnEveryNode() {
        Graph g = zoo();
        for (Node n : g.nodes()) {
            NodeFacts f = new NodeFacts(g, n);
            for (String name : FactCatalog.names()) {
                f.value(name); // must not throw
            }
        }
    }

    @Test
    void bernoulli2ReasonsCarryTheNumbers() {
        PlacementPlan plan = Placement.plan(zoo(), TargetProfile.named("bernoulli2"));
        assertEquals("sig: padded size min(al(C,4)*H*al(W,8), al(C,32)*H*W) = 16384 exceeds 8192"
                + " (bernoulli2 Sigmoid rule)", plan.node("sig").reason());
        assertEquals("tanh: input C*H*W = 16384 exceeds 8192 (bernoulli2 Tanh rule)", plan.node("tanh").reason());
        assertEquals("resize3: resize factors are powers of 2: false (must be true; resize factor H = 3;"
                + " resize factor W = 3) (bernoulli2 Resize rule)", plan.node("resize3").reason());
        for (String npu : List.of("resize", "pad", "split", "rmean", "matmul", "concat", "prelu", "pow", "ct", "add",
                "maxpool", "avgpool", "argmax")) {
            assertEquals(Unit.NPU, plan.unitOf(npu), npu + ": " + plan.node(npu).reason());
        }
        assertEquals(Unit.CPU, plan.unitOf("gather"));
    }

    @Test
    void bayesLiftsTheLutLimitsAndChecksMatMulRanks() {
        PlacementPlan plan = Placement.plan(zoo(), TargetProfile.named("bayes"));
        assertEquals(Unit.NPU, plan.unitOf("sig"));
        assertEquals(Unit.NPU, plan.unitOf("tanh"));
        assertEquals(Unit.NPU, plan.unitOf("gather"));
        assertEquals(Unit.CPU, plan.unitOf("prelu"));
        assertEquals("matmul: both inputs have the same rank: false (must be true; rank = 4; rank of the second"
                + " input = 2) (bayes MatMul rule)", plan.node("matmul").reason());
    }

    @Test
    void genericInt8PutsEveryFloatOpOnTheNpu() {
        PlacementPlan plan = Placement.plan(zoo(), TargetProfile.named("generic-int8"));
        assertFalse(plan.nodes().stream().anyMatch(p -> p.unit() != Unit.NPU));
        assertEquals("meets the generic-int8 default rule", plan.node("sig").reason());
    }
}
