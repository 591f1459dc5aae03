package qmap.ir;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A computation graph in canonical form: nodes in topological order, graph inputs (never
 * initializers), outputs, constant tensors (initializers and former Constant nodes) and the
 * inferred type of every value that shape inference could reach. Immutable.
 */
public final class Graph {
    private final String name;
    private final List<Node> nodes;
    private final List<ValueInfo> inputs;
    private final List<ValueInfo> outputs;
    private final Map<String, Tensor> constants;
    private final Map<String, TensorType> valueTypes;

    public Graph(String name, List<Node> nodes, List<ValueInfo> inputs, List<ValueInfo> outputs,
                 Map<String, Tensor> constants, Map<String, TensorType> valueTypes) {
        this.name = name;
        this.nodes = List.copyOf(nodes);
        this.inputs = List.copyOf(inputs);
        this.outputs = List.copyOf(outputs);
        this.constants = Collections.unmodifiableMap(new LinkedHashMap<>(constants));
        this.valueTypes = Collections.unmodifiableMap(new LinkedHashMap<>(valueTypes));
    }

    public String name() {
        return name;
    }

    public List<Node> nodes() {
        return nodes;
    }

    public List<ValueInfo> inputs() {
        return inputs;
    }

    public List<ValueInfo> outputs() {
        return outputs;
    }

    public Map<String, Tensor> constants() {
        return constants;
    }

    /** Inferred types of values (inputs, constants, node outputs) where known. */
    public Map<String, TensorType> valueTypes() {
        return valueTypes;
    }

    public TensorType typeOf(String value) {
        Tensor c = constants.get(value);
        if (c != null) {
            return TensorType.of(c);
        }
        TensorType t = valueTypes.get(value);
        return t == null ? TensorType.UNKNOWN : t;
    }

    public boolean isConstant(String value) {
        return constants.containsKey(value);
    }

    public Node node(String nodeName) {
        for (Node n : nodes) {
            if (n.name().equals(nodeName)) {
                return n;
            }
        }
        return null;
    }

    /** Producer node of each value produced by a node. */
    public Map<String, Node> producers() {
        Map<String, Node> m = new HashMap<>();
        for (Node n : nodes) {
            for (String o : n.outputs()) {
                if (!o.isEmpty()) {
                    m.put(o, n);
                }
            }
        }
        return m;
    }

    /** Consumer nodes of each value, in node order. */
    public Map<String, List<Node>> consumers() {
        Map<String, List<Node>> m = new HashMap<>();
        for (Node n : nodes) {
            for (String i : n.inputs()) {
                if (!i.isEmpty()) {
                    m.computeIfAbsent(i, k -> new ArrayList<>()).add(n);
                }
            }
        }
        return m;
    }

    public Graph withNodes(List<Node> newNodes) {
        return new Graph(name, newNodes, inputs, outputs, constants, valueTypes);
    }

    public Graph withConstants(Map<String, Tensor> newConstants) {
        return new Graph(name, nodes, inputs, outputs, newConstants, valueTypes);
    }

    public Graph withValueTypes(Map<String, TensorType> types) {
        return new Graph(name, nodes, inputs, outputs, constants, types);
    }

    public Graph withInputs(List<ValueInfo> newInputs) {
        return new Graph(name, nodes, newInputs, outputs, constants, valueTypes);
    }

    public Graph withOutputs(List<ValueInfo> newOutputs) {
        return new Graph(name, nodes, inputs, newOutputs, constants, valueTypes);
    }
}
