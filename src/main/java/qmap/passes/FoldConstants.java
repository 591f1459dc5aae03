package qmap.passes;

import qmap.kernels.FastKernels;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import qmap.ir.DType;
import qmap.ir.Graph;
import qmap.ir.Node;
import qmap.ir.Tensor;
import qmap.ir.TensorType;
import qmap.ir.ValueInfo;
import qmap.ops.OpRegistry;
import qmap.ops.Operator;

/**
 * Evaluates every node whose inputs are all constants and replaces it by its outputs; a Shape
 * node whose input type is static becomes a constant too. One forward sweep, so whole shape
 * subgraphs (Shape, Gather, Slice, Concat, Cast, Reshape) collapse. QuantizeLinear and
 * DequantizeLinear are kept: they are the quantization recipe, not arithmetic to pre-compute.
 * Nodes whose folded outputs would exceed {@link #MAX_ELEMENTS} stay.
 */
public final class FoldConstants implements Pass {
    static final int MAX_ELEMENTS = 1 << 24;
    private static final Set<String> QDQ = Set.of("QuantizeLinear", "DequantizeLinear");

    private final OpRegistry registry;
    private final boolean foldQdq;

    public FoldConstants() {
        this(FastKernels.registry(), false);
    }

    /**
     * @param foldQdq also pre-compute Q/DQ of constants (fake-quantized weights): right for a graph
     *                that is only executed, wrong for one that is written as a QDQ model
     */
    public FoldConstants(OpRegistry registry, boolean foldQdq) {
        this.registry = registry;
        this.foldQdq = foldQdq;
    }

    /** For graphs that are only executed: Q/DQ of constant weights become float constants. */
    public static FoldConstants forExecution() {
        return new FoldConstants(FastKernels.registry(), true);
    }

    @Override
    public String name() {
        return "fold-constants";
    }

    @Override
    public Graph apply(Graph g) {
        Map<String, Tensor> constants = new LinkedHashMap<>(g.constants());
        Map<String, TensorType> types = new LinkedHashMap<>();
        for (ValueInfo in : g.inputs()) {
            types.put(in.name(), in.type());
        }
        Set<String> outputs = new HashSet<>();
        for (ValueInfo o : g.outputs()) {
            outputs.add(o.name());
        }
        List<Node> kept = new ArrayList<>();
        Graph view = g;
        for (Node n : g.nodes()) {
            Tensor[] folded = tryFold(n, constants, types);
            if (folded != null) {
                for (int k = 0; k < n.outputs().size(); k++) {
                    constants.put(n.outputs().get(k), folded[k]);
                }
                view = null;
                continue;
            }
            kept.add(n);
            if (view == null) {
                view = g.withConstants(constants);
            }
            TensorType[] out = InferTypes.inferNode(registry, view, n, types);
            for (int k = 0; k < n.outputs().size(); k++) {
                types.put(n.outputs().get(k), k < out.length && out[k] != null ? out[k] : TensorType.UNKNOWN);
            }
        }
        return g.withNodes(kept).withConstants(constants);
    }

    private Tensor[] tryFold(Node n, Map<String, Tensor> constants, Map<String, TensorType> types) {
        Operator op = registry.find(n.domain(), n.opType());
        if (op == null || n.opType().equals("Dropout") || !foldQdq && QDQ.contains(n.opType())
                || n.outputs().stream().anyMatch(String::isEmpty)) {
            return null;
        }
        if (n.opType().equals("Shape")) {
            return foldShape(n, types);
        }
        Tensor[] args = new Tensor[n.inputs().size()];
        for (int i = 0; i < args.length; i++) {
            String name = n.inputs().get(i);
            if (name.isEmpty()) {
                continue;
            }
            args[i] = constants.get(name);
            if (args[i] == null) {
                return null;
            }
        }
        Tensor[] out;
        try {
            out = op.run(n, args);
        } catch (RuntimeException e) {
            return null; // leave it to the executor, which reports the error with the node's name
        }
        if (out.length < n.outputs().size()) {
            return null;
        }
        for (int k = 0; k < n.outputs().size(); k++) {
            if (out[k] == null || out[k].size() > MAX_ELEMENTS) {
                return null;
            }
        }
        return out;
    }

    private static Tensor[] foldShape(Node n, Map<String, TensorType> types) {
        TensorType t = types.get(n.input(0));
        if (t == null || !t.isStatic()) {
            return null;
        }
        int rank = t.rank();
        long start = n.attrInt("start", 0);
        long end = n.attrInt("end", rank);
        start = Math.max(0, Math.min(rank, start < 0 ? start + rank : start));
        end = Math.max(0, Math.min(rank, end < 0 ? end + rank : end));
        int count = (int) Math.max(0, end - start);
        long[] dims = new long[count];
        for (int i = 0; i < count; i++) {
            dims[i] = t.dims()[(int) start + i];
        }
        return new Tensor[] {Tensor.of(DType.INT64, new int[] {count}, dims)};
    }
}
