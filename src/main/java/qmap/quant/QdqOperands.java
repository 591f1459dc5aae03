package qmap.quant;

import java.util.List;
import java.util.Map;
import java.util.Set;
import qmap.ir.DType;
import qmap.ir.Graph;
import qmap.ir.Node;
import qmap.ir.Tensor;
import qmap.ir.ValueInfo;
import qmap.ops.DequantizeLinear;

/**
 * Reads the quantization of a QDQ graph around one node: which inputs are dequantized
 * activations (and from which integer tensor, at which scale), which are dequantized constants
 * (integer weights and biases with their scales), and which QuantizeLinear takes the output.
 */
final class QdqOperands {
    /** An integer tensor at a per-tensor scale and zero point. */
    record Quantized(String value, float scale, long zeroPoint, DType type) {
        boolean sameAs(Quantized o) {
            return scale == o.scale && zeroPoint == o.zeroPoint && type == o.type;
        }
    }

    /** A constant integer tensor read through DequantizeLinear: per-axis (axis >= 0) or per-tensor scales. */
    record QuantizedConstant(String value, Tensor data, float[] scales, long zeroPoint, int axis) {
    }

    /** The QuantizeLinear node that quantizes a value, and the quantized value it writes. */
    record OutputQuant(Node quantize, Quantized quantized) {
    }

    private final Graph g;
    private final Map<String, Node> producers;
    private final Map<String, List<Node>> consumers;
    private final Set<String> graphOutputs;

    QdqOperands(Graph g) {
        this.g = g;
        this.producers = g.producers();
        this.consumers = g.consumers();
        this.graphOutputs = new java.util.HashSet<>();
        for (ValueInfo o : g.outputs()) {
            graphOutputs.add(o.name());
        }
    }

    Graph graph() {
        return g;
    }

    /** The activation a DequantizeLinear output stands for, per tensor; null otherwise. */
    Quantized activation(String value) {
        Node dq = producers.get(value);
        if (dq == null || !isDefault(dq, "DequantizeLinear") || g.isConstant(dq.input(0))) {
            return null;
        }
        return params(dq, dq.input(0));
    }

    /** A constant read through DequantizeLinear; null otherwise. */
    QuantizedConstant constant(String value) {
        Node dq = producers.get(value);
        if (dq == null || !isDefault(dq, "DequantizeLinear") || !g.isConstant(dq.input(0))
                || !g.isConstant(dq.input(1)) || dq.inputs().size() > 2 && !g.isConstant(dq.input(2))) {
            return null;
        }
        Tensor data = g.constants().get(dq.input(0));
        Tensor scale = g.constants().get(dq.input(1));
        Tensor zp = dq.inputs().size() > 2 && !dq.input(2).isEmpty() ? g.constants().get(dq.input(2)) : null;
        long zero = 0;
        if (zp != null) {
            long[] z = zp.longs();
            for (long v : z) {
                if (v != z[0]) {
                    return null;
                }
            }
            zero = z.length == 0 ? 0 : z[0];
        }
        int axis = scale.size() > 1 ? (int) dq.attrInt("axis", 1) : -1;
        if (axis < 0 && scale.size() > 1) {
            axis += data.rank();
        }
        return new QuantizedConstant(dq.input(0), data, scale.toFloats().clone(), zero, axis);
    }

    /** The constant a value holds, dequantized if it is read through DequantizeLinear; null if not constant. */
    Tensor constantValue(String value) {
        if (g.isConstant(value)) {
            return g.constants().get(value);
        }
        Node dq = producers.get(value);
        if (constant(value) == null) {
            return null;
        }
        Tensor[] args = new Tensor[dq.inputs().size()];
        for (int i = 0; i < args.length; i++) {
            args[i] = dq.input(i).isEmpty() ? null : g.constants().get(dq.input(i));
        }
        return new DequantizeLinear().run(dq, args)[0];
    }

    /** The single per-tensor QuantizeLinear that reads a value (which is not a graph output); null otherwise. */
    OutputQuant outputQuant(String value) {
        List<Node> readers = consumers.getOrDefault(value, List.of());
        if (readers.size() != 1 || graphOutputs.contains(value)) {
            return null;
        }
        Node q = readers.get(0);
        if (!isDefault(q, "QuantizeLinear") || !q.input(0).equals(value) || q.inputs().size() < 3
                || !g.isConstant(q.input(1)) || !g.isConstant(q.input(2))) {
            return null;
        }
        Quantized p = params(q, q.output(0));
        return p == null ? null : new OutputQuant(q, p);
    }

    /** The only reader of a value, when it has exactly one and the value is not a graph output. */
    Node onlyReader(String value) {
        List<Node> readers = consumers.getOrDefault(value, List.of());
        return readers.size() == 1 && !graphOutputs.contains(value) ? readers.get(0) : null;
    }

    private Quantized params(Node qdq, String integerValue) {
        if (!g.isConstant(qdq.input(1)) || qdq.inputs().size() < 3 || !g.isConstant(qdq.input(2))) {
            return null;
        }
        Tensor scale = g.constants().get(qdq.input(1));
        Tensor zp = g.constants().get(qdq.input(2));
        if (scale.size() != 1 || zp.size() != 1 || scale.dtype() != DType.FLOAT) {
            return null;
        }
        DType type = zp.dtype();
        if (type != DType.INT8 && type != DType.UINT8 && type != DType.INT16) {
            return null;
        }
        return new Quantized(integerValue, scale.floats()[0], zp.longs()[0], type);
    }

    static boolean isDefault(Node n, String opType) {
        return (n.domain().isEmpty() || n.domain().equals("ai.onnx")) && n.opType().equals(opType);
    }
}
