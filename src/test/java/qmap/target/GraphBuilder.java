package qmap.target;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import qmap.ir.Attribute;
import qmap.ir.DType;
import qmap.ir.Graph;
import qmap.ir.Node;
import qmap.ir.Tensor;
import qmap.ir.TensorType;
import qmap.ir.ValueInfo;

/** Builds small float graphs by hand, with every value's type set (no operator inference needed). */
final class GraphBuilder {
    private final List<Node> nodes = new ArrayList<>();
    private final List<ValueInfo> inputs = new ArrayList<>();
    private final List<ValueInfo> outputs = new ArrayList<>();
    private final Map<String, Tensor> constants = new LinkedHashMap<>();
    private final Map<String, TensorType> types = new LinkedHashMap<>();

    GraphBuilder input(String name, int... dims) {
        inputs.add(new ValueInfo(name, TensorType.of(DType.FLOAT, dims)));
        types.put(name, TensorType.of(DType.FLOAT, dims));
        return this;
    }

    GraphBuilder constant(String name, int... dims) {
        constants.put(name, Tensor.zeros(DType.FLOAT, dims));
        return this;
    }

    GraphBuilder constant(String name, Tensor t) {
        constants.put(name, t);
        return this;
    }

    /** A node with one output of the given dims. */
    GraphBuilder node(String op, String name, List<String> in, String out, int[] outDims, Object... attrs) {
        Node.Builder b = Node.builder(op).name(name).inputs(in).outputs(out);
        for (int i = 0; i < attrs.length; i += 2) {
            b.attr((String) attrs[i], (Attribute) attrs[i + 1]);
        }
        nodes.add(b.build());
        types.put(out, TensorType.of(DType.FLOAT, outDims));
        return this;
    }

    GraphBuilder output(String name) {
        outputs.add(new ValueInfo(name, types.get(name)));
        return this;
    }

    Graph build() {
        return new Graph("test", nodes, inputs, outputs, constants, types);
    }

    static int[] dims(int... d) {
        return d;
    }

    static Attribute ints(long... v) {
        return Attribute.ofInts(v);
    }
}
