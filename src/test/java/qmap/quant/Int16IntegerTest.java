package qmap.quant;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
import qmap.ir.Model;
import qmap.ir.Node;
import qmap.ir.Tensor;
import qmap.testing.RandomTensors;
import qmap.quant.IntegerAgreement.Figure;
import qmap.quant.integer.IntegerOps;
import qmap.quant.integer.RequantMode;
import qmap.target.TargetProfile;

/**
 * int16 activations, as bayes allows through node_info: a 65,536-entry look-up table, a Conv
 * with int8 weights and an Add, alone and next to int8 tensors, agree with the float QDQ
 * semantics (DequantizeLinear, float op, QuantizeLinear on qmap's reference kernels, and on
 * ONNX Runtime) within one step, with float and fixed-point requantization.
 */
class Int16IntegerTest {
    private final Random rnd = new Random(31);

    private Tensor gaussian(double sigma, int... shape) {
        return RandomTensors.gaussian(rnd, sigma, shape);
    }

    private static List<RequantMode> modes() {
        return List.of(RequantMode.ORT_FLOAT, RequantMode.of(TargetProfile.named("bayes").requantization()),
                RequantMode.fixedPoint(32, true));
    }

    /** Integer runtime vs DQ -> float op -> Q on qmap's reference kernels and on ONNX Runtime, over {@code tensors}. */
    private static void agrees(Model m, Map<String, Tensor> in, Set<String> tensors, String what) {
        Map<String, Tensor> fake = new HashMap<>();
        Executor.of(m).run(in, (p, name, t) -> {
            if (tensors.contains(name)) {
                fake.put(name, t);
            }
        });
        Map<String, Tensor> ort = IntegerAgreement.ort(m, tensors, in, IntegerAgreement.ORT_DEFAULT);
        for (RequantMode mode : modes()) {
            Map<String, Tensor> ours = IntegerAgreement.ours(IntegerExecutor.of(m, mode), tensors, in);
            for (String t : tensors) {
                assertEquals(DType.INT16, ours.get(t).dtype(), what + ": " + t + " is int16");
            }
            Figure f = IntegerAgreement.compareAll(fake, ours, tensors).get("all");
            Figure o = IntegerAgreement.compareAll(ort, ours, tensors).get("all");
            System.out.println("[intrt int16 " + what + ", " + mode.kind() + "] vs float QDQ " + f + "; vs ORT " + o);
            assertTrue(f.maxStep() <= 1 && f.share() >= 0.99 && f.elements() > 0, what + " " + mode + ": " + f);
            assertTrue(o.maxStep() <= 1 && o.share() >= 0.99 && o.elements() > 0, what + " " + mode + " vs ORT: " + o);
        }
    }

    @Test
    void int16LookUpTablesHold65536EntriesAndReproduceTheFloatOps() {
        Map<String, Tensor> in = Map.of("x", gaussian(3, 1, 4, 30, 30));
        Map<String, Tensor> c = Map.of("three", Tensor.scalar(3f));
        Model m = IntegerKernelsTest.quantize(List.of(
                Node.builder("Sigmoid").name("sig").inputs("x").outputs("s").build(),
                Node.builder("Tanh").name("tanh").inputs("x").outputs("t").build(),
                Node.builder("Div").name("div").inputs("t", "three").outputs("y").build()), in, c, t -> DType.INT16,
                "s", "y");
        IntegerExecutor intrt = IntegerExecutor.of(m, RequantMode.ORT_FLOAT);
        List<Node> luts = intrt.graph().nodes().stream().filter(n -> n.opType().equals("QLut")).toList();
        assertEquals(3, luts.size(), "Sigmoid, Tanh and the Div by a constant are tables");
        for (Node n : luts) {
            assertEquals(65536, intrt.graph().constants().get(n.input(1)).size(), n.name() + "'s table");
        }
        agrees(m, in, Set.of("s_quantized", "t_quantized", "y_quantized"), "LUT");
    }

    @Test
    void int16ConvAndAddAgreeWithFloatQdq() {
        Map<String, Tensor> in = new LinkedHashMap<>();
        in.put("x", gaussian(1, 1, 6, 13, 11));
        in.put("z", gaussian(2, 1, 8, 7, 6));
        Map<String, Tensor> c = new LinkedHashMap<>();
        c.put("w", gaussian(0.2, 8, 6, 3, 3));
        c.put("b", gaussian(0.5, 8));
        c.put("dw", gaussian(0.3, 8, 1, 3, 3));
        Model m = IntegerKernelsTest.quantize(List.of(
                Node.builder("Conv").name("conv").inputs("x", "w", "b").outputs("c")
                        .attr("strides", Attribute.ofInts(2, 2)).attr("pads", Attribute.ofInts(1, 1, 1, 1)).build(),
                Node.builder("Conv").name("depthwise").inputs("c", "dw").outputs("d").attr("group", Attribute.ofInt(8))
                        .attr("pads", Attribute.ofInts(1, 0, 1, 2)).build(),
                Node.builder("Add").name("add").inputs("d", "z").outputs("y").build()), in, c, t -> DType.INT16, "y");
        IntegerExecutor intrt = IntegerExecutor.of(m, RequantMode.ORT_FLOAT);
        assertEquals(2, intrt.graph().nodes().stream().filter(n -> n.opType().equals("QConv")).count());
        assertEquals(1, intrt.graph().nodes().stream().filter(n -> n.domain().equals(IntegerOps.DOMAIN)
                && n.opType().equals("QAdd")).count());
        agrees(m, in, Set.of("c_quantized", "d_quantized", "y_quantized"), "Conv, depthwise Conv, Add");
    }

    @Test
    void int16NextToInt8() {
        Map<String, Tensor> in = new LinkedHashMap<>();
        in.put("x", gaussian(1, 1, 4, 9, 9));
        in.put("z", gaussian(3, 1, 4, 1, 1));
        Map<String, Tensor> c = Map.of("w", gaussian(0.3, 4, 4, 1, 1));
        // the Conv reads int8 and writes int16; the Add takes int16 and int8 and writes int16
        Model m = IntegerKernelsTest.quantize(List.of(
                Node.builder("Conv").name("conv").inputs("x", "w").outputs("c").build(),
                Node.builder("Add").name("add").inputs("c", "z").outputs("y").build()), in, c,
                t -> t.equals("c") || t.equals("y") ? DType.INT16 : DType.INT8, "y");
        assertTrue(IntegerExecutor.of(m, RequantMode.ORT_FLOAT).lowering().kept().isEmpty());
        agrees(m, in, Set.of("c_quantized", "y_quantized"), "int8 -> int16 Conv, int16 + int8 Add");
    }
}
