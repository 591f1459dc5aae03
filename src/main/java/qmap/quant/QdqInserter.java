package qmap.quant;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import qmap.ir.Attribute;
import qmap.ir.DType;
import qmap.ir.Graph;
import qmap.ir.Node;
import qmap.ir.Tensor;
import qmap.ir.ValueInfo;

/**
 * Writes a {@link QuantPlan} into a graph as QuantizeLinear/DequantizeLinear pairs.
 * <ul>
 * <li>{@link Form#CALIBRATED}: fake quantization; weights stay float and pass through Q then DQ,
 * biases stay float. This is hb_mapper's calibrated model.</li>
 * <li>{@link Form#QUANTIZED}: weights are int8/int16 initializers read through DQ, biases int32
 * at scale s_in * s_w; activations as above. Numerically the same model.</li>
 * </ul>
 * Graph outputs keep their names: when an output is quantized, its producer's value is renamed
 * {@code <name>_float} and the DQ writes the output name.
 */
public final class QdqInserter {
    public enum Form { CALIBRATED, QUANTIZED }

    private final Form form;

    public QdqInserter(Form form) {
        this.form = form;
    }

    public QdqGraph apply(Graph g, QuantPlan plan) {
        Set<String> outputs = new HashSet<>();
        for (ValueInfo o : g.outputs()) {
            outputs.add(o.name());
        }
        Map<String, Tensor> constants = new LinkedHashMap<>(g.constants());
        constants.putAll(plan.constants());
        Map<String, String> rename = new HashMap<>();   // producer output renamed (graph outputs)
        Map<String, String> readAs = new HashMap<>();   // consumers read this value instead
        Map<String, Map<String, String>> readByNode = new HashMap<>();   // ... for one node only
        Map<String, String> dequantized = new LinkedHashMap<>();
        List<Node> head = new ArrayList<>();
        Map<String, List<Node>> after = new HashMap<>();

        for (WeightQuant w : plan.weights().values()) {
            Tensor value = constants.get(w.tensor());
            String dq = w.tensor() + "_dequantized";
            String scale = add(constants, w.tensor() + "_scale", scaleTensor(w.scales(), w.axis()));
            String zp = add(constants, w.tensor() + "_zero_point", zeroPoint(w.dtype(), w.scales().length, w.axis()));
            if (form == Form.CALIBRATED) {
                String q = w.tensor() + "_quantized";
                head.add(quantize(w.tensor(), w.tensor(), scale, zp, q, w.axis()));
                head.add(dequantize(w.tensor(), q, scale, zp, dq, w.axis()));
            } else {
                String q = add(constants, w.tensor() + "_quantized", IntegerWeights.quantize(value, w));
                head.add(dequantize(w.tensor(), q, scale, zp, dq, w.axis()));
            }
            readAs.put(w.tensor(), dq);
            dequantized.put(w.tensor(), dq);
        }
        if (form == Form.QUANTIZED) {
            for (QuantPlan.BiasQuant b : plan.biases().values()) {
                Tensor value = constants.get(b.tensor());
                String name = b.consumer().isEmpty() ? b.tensor() : b.tensor() + "_" + b.consumer();
                String q = add(constants, name + "_quantized", IntegerWeights.quantizeBias(value, b.scales()));
                String scale = add(constants, name + "_scale", scaleTensor(b.scales(), 0));
                String zp = add(constants, name + "_zero_point", zeroPoint(DType.INT32, b.scales().length, 0));
                String dq = name + "_dequantized";
                head.add(dequantize(name, q, scale, zp, dq, b.scales().length > 1 ? 0 : -1));
                if (b.consumer().isEmpty()) {
                    readAs.put(b.tensor(), dq);
                    dequantized.put(b.tensor(), dq);
                } else {
                    readByNode.computeIfAbsent(b.consumer(), k -> new HashMap<>()).put(b.tensor(), dq);
                }
            }
        }
        Map<String, Node> producers = g.producers();
        for (ActivationQuant a : plan.activations().values()) {
            String t = a.tensor();
            String source = t;
            String dq = t + "_dequantized";
            if (outputs.contains(t)) {
                source = t + "_float";
                rename.put(t, source);
                dq = t;
            }
            String scale = add(constants, t + "_scale", Tensor.scalar((float) a.scale()));
            String zp = add(constants, t + "_zero_point", Tensor.of(a.dtype(), new int[0], new long[] {a.zeroPoint()}));
            String q = t + "_quantized";
            List<Node> pair = List.of(quantize(t, source, scale, zp, q, -1), dequantize(t, q, scale, zp, dq, -1));
            Node producer = producers.get(t);
            if (producer == null) {
                head.addAll(pair);
            } else {
                after.computeIfAbsent(producer.name(), k -> new ArrayList<>()).addAll(pair);
            }
            if (!dq.equals(t)) {
                readAs.put(t, dq);
            }
            dequantized.put(t, dq);
        }
        List<Node> nodes = new ArrayList<>(head);
        for (Node n : g.nodes()) {
            Node.Builder b = n.toBuilder();
            List<String> ins = new ArrayList<>();
            Map<String, String> own = readByNode.getOrDefault(n.name(), Map.of());
            for (String in : n.inputs()) {
                ins.add(own.getOrDefault(in, readAs.getOrDefault(in, in)));
            }
            List<String> outs = new ArrayList<>();
            for (String o : n.outputs()) {
                outs.add(rename.getOrDefault(o, o));
            }
            nodes.add(b.inputs(ins).outputs(outs).build());
            nodes.addAll(after.getOrDefault(n.name(), List.of()));
        }
        // the float originals of integer weights are no longer read: drop them
        Graph out = new qmap.passes.RemoveDeadNodes().apply(
                new Graph(g.name(), nodes, g.inputs(), g.outputs(), constants, g.valueTypes()));
        return new QdqGraph(out, dequantized);
    }

    private static String add(Map<String, Tensor> constants, String hint, Tensor t) {
        String name = hint;
        int k = 1;
        while (constants.containsKey(name)) {
            name = hint + "_" + k++;
        }
        constants.put(name, t);
        return name;
    }

    private static Tensor scaleTensor(float[] scales, int axis) {
        return axis < 0 ? Tensor.scalar(scales[0]) : Tensor.ofFloats(new int[] {scales.length}, scales.clone());
    }

    private static Tensor zeroPoint(DType dtype, int n, int axis) {
        return axis < 0 ? Tensor.zeros(dtype, new int[0]) : Tensor.zeros(dtype, new int[] {n});
    }

    private static Node quantize(String tensor, String in, String scale, String zp, String out, int axis) {
        Node.Builder b = Node.builder("QuantizeLinear").name(tensor + "_QuantizeLinear").inputs(in, scale, zp)
                .outputs(out);
        if (axis >= 0) {
            b.attr("axis", Attribute.ofInt(axis));
        }
        return b.build();
    }

    private static Node dequantize(String tensor, String in, String scale, String zp, String out, int axis) {
        Node.Builder b = Node.builder("DequantizeLinear").name(tensor + "_DequantizeLinear").inputs(in, scale, zp)
                .outputs(out);
        if (axis >= 0) {
            b.attr("axis", Attribute.ofInt(axis));
        }
        return b.build();
    }
}
