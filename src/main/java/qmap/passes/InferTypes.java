package qmap.passes;

import qmap.kernels.FastKernels;
import java.util.LinkedHashMap;
import java.util.Map;
import qmap.ir.Graph;
import qmap.ir.Node;
import qmap.ir.Tensor;
import qmap.ir.TensorType;
import qmap.ir.ValueInfo;
import qmap.ops.OpRegistry;
import qmap.ops.Operator;

/**
 * Records the type of every value the operators' inference can reach, walking the nodes in
 * order from the graph inputs and constants. Declared types of graph outputs are kept where
 * inference knows less.
 */
public final class InferTypes implements Pass {
    private final OpRegistry registry;

    public InferTypes() {
        this(FastKernels.registry());
    }

    public InferTypes(OpRegistry registry) {
        this.registry = registry;
    }

    @Override
    public String name() {
        return "infer-types";
    }

    @Override
    public Graph apply(Graph g) {
        Map<String, TensorType> types = new LinkedHashMap<>();
        for (ValueInfo in : g.inputs()) {
            types.put(in.name(), in.type());
        }
        for (Node n : g.nodes()) {
            TensorType[] out = inferNode(registry, g, n, types);
            for (int k = 0; k < n.outputs().size(); k++) {
                String name = n.outputs().get(k);
                if (!name.isEmpty()) {
                    TensorType t = k < out.length && out[k] != null ? out[k] : TensorType.UNKNOWN;
                    TensorType declared = g.valueTypes().get(name);
                    types.put(name, moreSpecific(t, declared));
                }
            }
        }
        return g.withValueTypes(types);
    }

    /** Output types of one node given the types known so far (constants give their values). */
    static TensorType[] inferNode(OpRegistry registry, Graph g, Node n, Map<String, TensorType> types) {
        Operator op = registry.find(n.domain(), n.opType());
        if (op == null) {
            return new TensorType[0];
        }
        int k = n.inputs().size();
        TensorType[] in = new TensorType[k];
        Tensor[] values = new Tensor[k];
        for (int i = 0; i < k; i++) {
            String name = n.inputs().get(i);
            if (name.isEmpty()) {
                continue;
            }
            Tensor c = g.constants().get(name);
            values[i] = c;
            in[i] = c != null ? TensorType.of(c) : types.getOrDefault(name, TensorType.UNKNOWN);
        }
        try {
            return op.infer(n, in, values);
        } catch (IllegalArgumentException e) {
            throw new qmap.QmapException("node " + n.describe() + ": " + e.getMessage());
        }
    }

    private static TensorType moreSpecific(TensorType inferred, TensorType declared) {
        if (declared == null || inferred.isStatic()) {
            return inferred.dtype() == null && declared != null ? declared : inferred;
        }
        if (declared.isStatic() || (!inferred.hasRank() && declared.hasRank())) {
            return declared;
        }
        return inferred.dtype() == null ? new TensorType(declared.dtype(), inferred.dims(), inferred.dimNames())
                : inferred;
    }
}
