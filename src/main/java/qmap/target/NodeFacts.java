package qmap.target;

import java.util.HashMap;
import java.util.Map;
import qmap.ir.Graph;
import qmap.ir.Node;
import qmap.ir.Tensor;
import qmap.ir.TensorType;
import qmap.ir.ValueInfo;

/**
 * The facts of one node, computed on demand from the IR (attributes, the inferred types in
 * {@link Graph#valueTypes()}, constant inputs) and cached. A fact that the IR cannot give is
 * {@link Unknown} with the reason, never a guess.
 */
public final class NodeFacts {
    /** A fact that could not be computed, and why. */
    public record Unknown(String why) {
    }

    private final Graph graph;
    private final Node node;
    private final Map<String, Object> cache = new HashMap<>();

    public NodeFacts(Graph graph, Node node) {
        this.graph = graph;
        this.node = node;
    }

    public Node node() {
        return node;
    }

    /** The value of a named fact, or an {@link Unknown}; an unknown fact name is a programming error. */
    public Object value(String factName) {
        Object v = cache.get(factName);
        if (v == null) {
            Fact f = FactCatalog.require(factName);
            try {
                v = f.compute().apply(this);
            } catch (UnknownFact e) {
                v = new Unknown(e.getMessage());
            }
            cache.put(factName, v);
        }
        return v;
    }

    // ---- helpers for the fact families ----------------------------------------------------

    int inputCount() {
        return node.inputs().size();
    }

    boolean hasInput(int i) {
        return node.hasInput(i);
    }

    TensorType inputType(int i) {
        if (!node.hasInput(i)) {
            throw new UnknownFact(node.opType() + " has no input " + i);
        }
        return graph.typeOf(node.input(i));
    }

    /** Static dims of input i. */
    int[] dims(int i) {
        return staticDims(inputType(i), "input '" + node.input(i) + "'");
    }

    /** Static dims of input i, which must be 4-D (NCHW). */
    int[] dims4(int i) {
        int[] d = dims(i);
        if (d.length != 4) {
            throw new UnknownFact("input '" + node.input(i) + "' is " + d.length + "-D, not 4-D NCHW");
        }
        return d;
    }

    TensorType outputType(int k) {
        return graph.typeOf(node.output(k));
    }

    int[] outputDims(int k) {
        return staticDims(outputType(k), "output '" + node.output(k) + "'");
    }

    int outputCount() {
        return node.outputs().size();
    }

    boolean isConstant(int i) {
        return node.hasInput(i) && graph.isConstant(node.input(i));
    }

    /** The constant value of input i. */
    Tensor constant(int i) {
        Tensor t = node.hasInput(i) ? graph.constants().get(node.input(i)) : null;
        if (t == null) {
            throw new UnknownFact("input " + i + " of " + node.opType() + " is not a constant");
        }
        return t;
    }

    boolean isModelOutput(String value) {
        for (ValueInfo o : graph.outputs()) {
            if (o.name().equals(value)) {
                return true;
            }
        }
        return false;
    }

    private static int[] staticDims(TensorType t, String what) {
        if (!t.isStatic()) {
            throw new UnknownFact("the shape of " + what + " is unknown (" + t + ")");
        }
        return t.dims();
    }
}
