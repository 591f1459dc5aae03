package qmap.kernels;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import qmap.ir.DType;
import qmap.ir.Graph;
import qmap.ir.Node;
import qmap.ir.Tensor;
import qmap.ir.TensorType;
import qmap.ops.Operator;

/**
 * Execution-only fusion: the executor's plan for a graph, with each chain of elementwise nodes
 * that the fast kernels run (Add, Sub, Mul, Div, Clip, Relu, Sigmoid, HardSigmoid, HardSwish,
 * BatchNormalization) made one node: the epilogue of the Conv it follows ({@link FusedConv}) or
 * one pass over memory ({@link FusedElementwise}); and each QuantizeLinear whose codes only a
 * DequantizeLinear reads made one float-to-float pass with it ({@link FusedQdq}). A chain grows from its start through the
 * nodes that read its values, as long as they are supported and read nothing but the chain's
 * values, constants (scalar or per channel) and other tensors of the chain's shape or one value
 * per channel; only its last value may be read outside it. Fused nodes are in domain
 * {@link #DOMAIN}, named after their first node plus the count of the others; the graph itself
 * is not changed, and a fused node whose inputs turn out not to fit runs its nodes one by one.
 */
public final class Fusion {
    public static final String DOMAIN = "qmap.fused";

    /** A node of the plan with the operator that runs it. */
    public record Step(Node node, Operator op) {
    }

    private final Graph graph;
    private final List<Node> nodes;
    private final Operator[] ops;
    private final Chains chains;

    private Fusion(Graph graph, Operator[] ops) {
        this.graph = graph;
        this.nodes = graph.nodes();
        this.ops = ops;
        this.chains = new Chains(graph, nodes);
    }

    /** The plan for {@code graph} whose node i runs {@code ops[i]}: fused where the fast kernels allow. */
    public static List<Step> plan(Graph graph, Operator[] ops) {
        return new Fusion(graph, ops).plan();
    }

    private List<Step> plan() {
        for (int i = 0; i < nodes.size(); i++) {
            if (!chains.claimed(i) && !fuseQdq(i)) {
                fuseFrom(i);
            }
        }
        return chains.steps(i -> ops[i]);
    }

    /**
     * Fuses QuantizeLinear node i with the DequantizeLinear that is the only reader of its codes
     * ({@link FusedQdq}), both with zero points; the step is recorded at the dequantize.
     */
    private boolean fuseQdq(int i) {
        Node qn = nodes.get(i);
        if (!qn.opType().equals("QuantizeLinear") || !(ops[i] instanceof FastQuantizeLinear)
                || qn.inputs().size() != 3 || qn.outputs().size() != 1 || chains.isGraphOutput(qn.output(0))) {
            return false;
        }
        List<Integer> readers = chains.readers(qn.output(0));
        if (readers.size() != 1 || chains.claimed(readers.get(0))) {
            return false;
        }
        int j = readers.get(0);
        Node dn = nodes.get(j);
        if (!dn.opType().equals("DequantizeLinear") || !(ops[j] instanceof FastDequantizeLinear)
                || dn.inputs().size() != 3 || dn.outputs().size() != 1 || !dn.input(0).equals(qn.output(0))) {
            return false;
        }
        Node fused = Node.builder("FusedQdq").domain(DOMAIN).name(qn.name() + "+1")
                .inputs(qn.input(0), qn.input(1), qn.input(2), dn.input(1), dn.input(2)).outputs(dn.output(0))
                .build();
        chains.claim(i, List.of(j), new Step(fused, new FusedQdq(qn, ops[i], dn, ops[j])));
        return true;
    }

    /** Fuses the chain starting at node i, if any: the step is recorded at its last node, its nodes claimed. */
    private void fuseFrom(int i) {
        Node start = nodes.get(i);
        boolean conv = start.opType().equals("Conv") && ops[i] instanceof FastConv && start.outputs().size() == 1;
        String x;
        if (conv) {
            x = start.output(0);
        } else if (elementwise(i)) {
            x = firstVarying(start);
        } else {
            return;
        }
        TensorType xType = x == null ? null : graph.typeOf(x);
        if (x == null || (xType.dtype() != null && xType.dtype() != DType.FLOAT)
                || (!conv && !operandsFit(start, Set.of(x), xType))) {
            return;
        }
        List<Integer> chain = chains.grow(i, x, !conv, (j, inside) -> elementwise(j)
                && operandsFit(nodes.get(j), inside, xType));
        // a chain without a Conv needs two nodes to save a pass over memory
        chains.fuseLongest(i, chain, size -> size > (conv ? 0 : 1), c -> step(i, conv, x, xType, c));
    }

    /** The fused step for a chain whose intermediate values are read only inside it, or null. */
    private Step step(int start, boolean conv, String x, TensorType xType, List<Integer> chain) {
        if (!chains.readOnlyInside(start, chain)) {
            return null;
        }
        List<Node> body = new ArrayList<>();
        List<Operator> bodyOps = new ArrayList<>();
        chain.forEach(j -> {
            body.add(nodes.get(j));
            bodyOps.add(ops[j]);
        });
        List<ElementwiseProgram.Input> inputs = inputs(body, x, xType);
        ElementwiseProgram program = ElementwiseProgram.compile(body, inputs, graph.constants());
        if (program == null) {
            return null;
        }
        Map<String, Tensor> constants = new HashMap<>();
        body.forEach(n -> n.inputs().forEach(v -> {
            if (graph.isConstant(v)) {
                constants.put(v, graph.constants().get(v));
            }
        }));
        Node last = body.get(body.size() - 1);
        List<String> fusedInputs = new ArrayList<>();
        inputs.forEach(in -> fusedInputs.add(in.name()));
        if (conv) {
            Node c = nodes.get(start);
            body.add(0, c);
            bodyOps.add(0, ops[start]);
            fusedInputs.remove(0);
            fusedInputs.addAll(0, c.inputs());
        }
        Node first = body.get(0);
        Node fused = Node.builder(conv ? "FusedConv" : "FusedElementwise").domain(DOMAIN)
                .name(first.name() + "+" + (body.size() - 1)).inputs(fusedInputs).outputs(last.output(0)).build();
        FusedBody fallback = new FusedBody(body, bodyOps, constants);
        Operator op = conv ? new FusedConv(nodes.get(start), (FastConv) ops[start], program, fallback)
                : new FusedElementwise(program, fallback);
        return new Step(fused, op);
    }

    /** x, then the chain's other varying inputs in order of first use. */
    private List<ElementwiseProgram.Input> inputs(List<Node> body, String x, TensorType xType) {
        Set<String> produced = new HashSet<>();
        Set<String> others = new LinkedHashSet<>();
        for (Node n : body) {
            for (String v : n.inputs()) {
                if (!v.isEmpty() && !v.equals(x) && !produced.contains(v) && !graph.isConstant(v)) {
                    others.add(v);
                }
            }
            produced.add(n.output(0));
        }
        List<ElementwiseProgram.Input> inputs = new ArrayList<>();
        inputs.add(new ElementwiseProgram.Input(x, false));
        for (String v : others) {
            inputs.add(new ElementwiseProgram.Input(v, perChannel(graph.typeOf(v), xType)));
        }
        return inputs;
    }

    /** Whether node i is an elementwise node a fast kernel runs and a program can hold. */
    private boolean elementwise(int i) {
        return ops[i] instanceof FastKernel && ElementwiseProgram.supports(nodes.get(i), graph.constants());
    }

    /** The first input that is not a constant, or null. */
    private String firstVarying(Node n) {
        for (String v : n.inputs()) {
            if (!v.isEmpty() && !graph.isConstant(v)) {
                return v;
            }
        }
        return null;
    }

    /** Every input is a chain value, a constant, or a float32 tensor of x's static shape or one value per channel. */
    private boolean operandsFit(Node n, Set<String> inside, TensorType xType) {
        if (n.outputs().size() != 1 || n.output(0).isEmpty()) {
            return false;
        }
        for (String v : n.inputs()) {
            if (v.isEmpty() || inside.contains(v) || graph.isConstant(v)) {
                continue;
            }
            TensorType t = graph.typeOf(v);
            boolean same = t.isStatic() && xType.isStatic() && Arrays.equals(t.dims(), xType.dims());
            if (t.dtype() != DType.FLOAT || !(same || perChannel(t, xType))) {
                return false;
            }
        }
        return true;
    }

    /** A static 1 x C x 1 x ... type against a static N x C x ... x. */
    private static boolean perChannel(TensorType t, TensorType x) {
        if (!t.isStatic() || !x.isStatic() || t.rank() != x.rank() || x.rank() < 2) {
            return false;
        }
        for (int d = 0; d < t.rank(); d++) {
            if (t.dims()[d] != (d == 1 ? x.dims()[1] : 1)) {
                return false;
            }
        }
        return !Arrays.equals(t.dims(), x.dims());
    }
}
