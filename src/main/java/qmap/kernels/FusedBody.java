package qmap.kernels;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import qmap.ir.Node;
import qmap.ir.Tensor;
import qmap.ops.Operator;
import qmap.ops.Workspace;

/**
 * The nodes a fused node stands for, with their operators and the constants they read: run one
 * by one when the fused kernel does not fit the inputs it is given (its intermediate arrays are
 * the node's scratch, free again once it returns).
 */
public final class FusedBody {
    private final List<Node> nodes;
    private final List<Operator> ops;
    private final Map<String, Tensor> constants;

    public FusedBody(List<Node> nodes, List<Operator> ops, Map<String, Tensor> constants) {
        this.nodes = List.copyOf(nodes);
        this.ops = List.copyOf(ops);
        this.constants = Map.copyOf(constants);
    }

    public List<Node> nodes() {
        return nodes;
    }

    /** These nodes, then {@code node} run by {@code op}. */
    public FusedBody plus(Node node, Operator op) {
        List<Node> n = new java.util.ArrayList<>(nodes);
        n.add(node);
        List<Operator> o = new java.util.ArrayList<>(ops);
        o.add(op);
        return new FusedBody(n, o, constants);
    }

    /** The last node's output, from the fused node's inputs (named {@code names}). */
    public Tensor run(List<String> names, Tensor[] in, Workspace workspace) {
        Map<String, Tensor> values = new HashMap<>(constants);
        for (int i = 0; i < in.length; i++) {
            if (!names.get(i).isEmpty()) {
                values.put(names.get(i), in[i]);
            }
        }
        Tensor last = null;
        for (int n = 0; n < nodes.size(); n++) {
            Node node = nodes.get(n);
            Tensor[] args = new Tensor[node.inputs().size()];
            for (int k = 0; k < args.length; k++) {
                args[k] = node.input(k).isEmpty() ? null : values.get(node.input(k));
            }
            last = ops.get(n).run(node, args, workspace)[0];
            values.put(node.output(0), last);
        }
        return last;
    }
}
