package qmap.exec;

import qmap.kernels.FastKernels;
import qmap.kernels.Fusion;
import qmap.kernels.Parallel;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ForkJoinPool;
import qmap.ir.Graph;
import qmap.ir.Model;
import qmap.ir.Node;
import qmap.ir.Shapes;
import qmap.ir.Tensor;
import qmap.ir.TensorType;
import qmap.ir.ValueInfo;
import qmap.ops.OpRegistry;
import qmap.ops.Operator;
import qmap.ops.Workspace;

/**
 * Runs a graph on named input tensors with the kernels of a registry. Each intermediate
 * tensor is released after its last consumer has run. Nodes run one after another; a kernel
 * may spread one node's work over the executor's threads (the calling thread plus a pool of
 * {@code threads - 1}), with outputs bit-identical for any thread count. Float arrays of the
 * fast kernels come from a {@link BufferPool}, so a tensor's memory is reused once its last
 * reader has run and repeated runs of one input shape allocate no new arrays. Runs without a
 * listener that needs every tensor take the fused plan ({@link Fusion}: elementwise chains run
 * as Conv epilogues or single passes, same bits). Not thread-safe per run; one executor may run
 * many times. {@link #close} ends the pool's threads (idle ones
 * also end by themselves).
 */
public final class Executor implements AutoCloseable {
    private final Graph graph;
    /** The graph as written: what a listener that needs every tensor sees. */
    private final Plan plain;
    /** The graph with chains fused ({@link Fusion}), made on first use. */
    private Plan fused;
    /** The helper threads, null when running on the calling thread only. */
    private final ForkJoinPool pool;
    /** The arrays of the last run's outputs that came from the memory plan ({@link #recycle}). */
    private final Set<Object> handedOut = Collections.newSetFromMap(new IdentityHashMap<>());
    private final BufferPool buffers = new BufferPool();
    private final Workspace workspace;
    private final Planner planner;

    /**
     * Makes the fused plan from the graph and the operators of its nodes (in graph order): the
     * fast kernels' {@link Fusion} unless a runtime brings its own (execution only, same bits).
     */
    @FunctionalInterface
    public interface Planner {
        List<Fusion.Step> plan(Graph graph, Operator[] operators);
    }

    /** An executor using all available processors. */
    public Executor(Graph graph, OpRegistry registry, long opset) {
        this(graph, registry, opset, defaultThreads());
    }

    public Executor(Graph graph, OpRegistry registry, long opset, int threads) {
        this(graph, registry, opset, threads, Fusion::plan);
    }

    /** As {@link #Executor(Graph, OpRegistry, long, int)} with the fused plan made by {@code planner}. */
    public Executor(Graph graph, OpRegistry registry, long opset, int threads, Planner planner) {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be >= 1, got " + threads);
        }
        this.graph = graph;
        Operator[] operators = new Operator[graph.nodes().size()];
        for (int i = 0; i < operators.length; i++) {
            Node n = graph.nodes().get(i);
            Operator op = registry.find(n.domain(), n.opType());
            if (op == null) {
                throw new UnsupportedOperatorException("node '" + n.name() + "' (" + n.opType() + ", domain '"
                        + (n.domain().isEmpty() ? "ai.onnx" : n.domain()) + "', opset " + opset
                        + ") is not supported");
            }
            operators[i] = op;
        }
        this.plain = new Plan(graph, graph.nodes(), operators);
        this.pool = Parallel.pool(threads);
        this.workspace = new Workspace(pool, buffers);
        this.planner = planner;
    }

    /** The standard kernels on all available processors. */
    public static Executor of(Model model) {
        return of(model, defaultThreads());
    }

    public static Executor of(Model model, int threads) {
        return new Executor(model.graph(), FastKernels.registry(), model.defaultOpset(), threads);
    }

    public static int defaultThreads() {
        return Runtime.getRuntime().availableProcessors();
    }

    /** How many threads a node's work may use. */
    public int threads() {
        return pool == null ? 1 : pool.getParallelism() + 1;
    }

    @Override
    public void close() {
        if (pool != null) {
            pool.shutdown();
        }
    }

    public Graph graph() {
        return graph;
    }

    public Map<String, Tensor> run(Map<String, Tensor> inputs) {
        return run(inputs, null);
    }

    /** Runs the graph; returns the graph outputs by name, in graph order. */
    public Map<String, Tensor> run(Map<String, Tensor> inputs, TensorListener listener) {
        return start(inputs, listener).finish();
    }

    /**
     * Starts a run that the caller advances node by node (to run two graphs in lockstep). The
     * run takes the fused plan unless the listener needs every tensor of the graph.
     */
    public Run start(Map<String, Tensor> inputs, TensorListener listener) {
        checkInputs(inputs);
        buffers.giveUpHeld();
        handedOut.clear();
        return new Run(inputs, listener, listener == null || !listener.needsEveryTensor() ? fused() : plain);
    }

    private Plan fused() {
        if (fused == null) {
            List<Node> nodes = new ArrayList<>();
            List<Operator> ops = new ArrayList<>();
            for (Fusion.Step s : planner.plan(graph, plain.operators)) {
                nodes.add(s.node());
                ops.add(s.op());
            }
            fused = new Plan(graph, nodes, ops.toArray(new Operator[0]));
        }
        return fused;
    }

    /** Nodes in run order with their operators and, for each, the values released after it. */
    private static final class Plan {
        final List<Node> nodes;
        final Operator[] operators;
        /** For node i, the values whose last reader is node i (released after it runs). */
        final List<List<String>> releaseAfter;

        Plan(Graph graph, List<Node> nodes, Operator[] operators) {
            this.nodes = List.copyOf(nodes);
            this.operators = operators;
            this.releaseAfter = lastUses(graph, this.nodes);
        }
    }

    /**
     * Keeps the memory of {@code t}, a tensor a listener that does not keep tensors was shown,
     * from being refilled until {@link #release} (or the next run): for a listener that holds a
     * few tensors for a while (a comparison waiting for its counterpart). Each retain is matched
     * by one release.
     */
    public void retain(Tensor t) {
        buffers.hold(array(t));
    }

    /** Ends a {@link #retain}: the array is refilled once no live tensor of the run holds it either. */
    public void release(Tensor t) {
        buffers.release(array(t));
    }

    /**
     * The caller is done with these outputs of the last run: their arrays go back to the
     * executor's memory plan, so the next run does not allocate its outputs afresh (as closing an
     * ONNX Runtime result frees its tensors). The tensors must not be read afterwards. Outputs
     * that are inputs or constants of the graph, or of an earlier run, are left alone.
     */
    public void recycle(Map<String, Tensor> outputs) {
        for (Tensor t : outputs.values()) {
            Object a = array(t);
            if (handedOut.remove(a)) {
                buffers.takeBack(a);
            }
        }
    }

    /** How many float arrays the executor has created so far (the rest were recycled). */
    public long arraysCreated() {
        return buffers.created();
    }

    /** One run in progress: the live tensors and the index of the next node. */
    public final class Run {
        private final Map<String, Tensor> live = new HashMap<>(graph.constants());
        private final Plan plan;
        private final TensorListener listener;
        /** The listener may keep what it sees, so nothing it sees is recycled. */
        private final boolean listenerKeeps;
        private int next;

        private Run(Map<String, Tensor> inputs, TensorListener listener, Plan plan) {
            this.plan = plan;
            this.listener = listener;
            this.listenerKeeps = listener != null && listener.keepsTensors();
            for (ValueInfo in : graph.inputs()) {
                Tensor t = inputs.get(in.name());
                live.put(in.name(), t);
                if (listener != null) {
                    listener.onTensor(null, in.name(), t);
                }
            }
        }

        public boolean hasNext() {
            return next < plan.nodes.size();
        }

        /** The node the next {@link #step} runs. */
        public Node peek() {
            return plan.nodes.get(next);
        }

        /** Runs the next node. */
        public void step() {
            int i = next++;
            Node node = plan.nodes.get(i);
            Tensor[] args = new Tensor[node.inputs().size()];
            for (int k = 0; k < args.length; k++) {
                String name = node.inputs().get(k);
                if (!name.isEmpty()) {
                    args[k] = live.get(name);
                    if (args[k] == null) {
                        throw new ExecutionException("node " + node.describe() + ": input '" + name
                                + "' has no value (not produced by any earlier node)", null);
                    }
                }
            }
            Tensor[] out = runNode(plan.operators[i], node, args, workspace);
            if (listener != null) {
                listener.onNode(node, args, out);
            }
            for (int k = 0; k < node.outputs().size(); k++) {
                String name = node.outputs().get(k);
                if (name.isEmpty() || k >= out.length || out[k] == null) {
                    continue;
                }
                live.put(name, out[k]);
                buffers.hold(array(out[k]));
                if (listener != null) {
                    listener.onTensor(node, name, out[k]);
                }
            }
            if (listenerKeeps) {
                giveUp(args);
                giveUp(out);
            }
            buffers.settle();
            for (String dead : plan.releaseAfter.get(i)) {
                Tensor t = live.remove(dead);
                if (t != null) {
                    buffers.release(array(t));
                }
            }
        }

        private void giveUp(Tensor[] tensors) {
            for (Tensor t : tensors) {
                if (t != null) {
                    buffers.giveUp(array(t));
                }
            }
        }

        /** Runs the remaining nodes; returns the graph outputs by name, in graph order. */
        public Map<String, Tensor> finish() {
            while (hasNext()) {
                step();
            }
            Map<String, Tensor> result = new LinkedHashMap<>();
            for (ValueInfo o : graph.outputs()) {
                Tensor t = live.get(o.name());
                if (t == null) {
                    throw new ExecutionException("graph output '" + o.name() + "' was not produced", null);
                }
                if (buffers.giveUp(array(t))) {
                    handedOut.add(array(t));
                }
                result.put(o.name(), t);
            }
            return result;
        }
    }

    /** The array holding a tensor's values (views share their source's). */
    private static Object array(Tensor t) {
        return t.storage();
    }

    private static Tensor[] runNode(Operator op, Node node, Tensor[] args, Workspace workspace) {
        try {
            return op.run(node, args, workspace);
        } catch (IllegalArgumentException e) {
            throw new ExecutionException("node " + node.describe() + ": " + e.getMessage() + " (inputs "
                    + describe(args) + ")", e);
        } catch (RuntimeException e) {
            throw new IllegalStateException("node " + node.describe() + " failed on inputs " + describe(args), e);
        }
    }

    private static String describe(Tensor[] args) {
        List<String> s = new ArrayList<>();
        for (Tensor t : args) {
            s.add(t == null ? "-" : t.dtype().onnxName() + "[" + Shapes.format(t.shape()) + "]");
        }
        return String.join(", ", s);
    }

    private void checkInputs(Map<String, Tensor> inputs) {
        Set<String> known = new HashSet<>();
        for (ValueInfo in : graph.inputs()) {
            known.add(in.name());
            Tensor t = inputs.get(in.name());
            if (t == null) {
                throw new InputMismatchException("missing input '" + in.name() + "' (expected " + in.type() + ")");
            }
            TensorType want = in.type();
            if (want.dtype() != null && want.dtype() != t.dtype()) {
                throw new InputMismatchException("input '" + in.name() + "': expected element type "
                        + want.dtype().onnxName() + ", got " + t.dtype().onnxName());
            }
            if (want.hasRank() && !shapeMatches(want.dims(), t.shape())) {
                throw new InputMismatchException("input '" + in.name() + "': expected shape " + want
                        + ", got " + Arrays.toString(t.shape()));
            }
        }
        for (String name : inputs.keySet()) {
            if (!known.contains(name)) {
                throw new InputMismatchException("unknown input '" + name + "'; the model's inputs are "
                        + known);
            }
        }
    }

    private static boolean shapeMatches(int[] want, int[] got) {
        if (want.length != got.length) {
            return false;
        }
        for (int i = 0; i < want.length; i++) {
            if (want[i] >= 0 && want[i] != got[i]) {
                return false;
            }
        }
        return true;
    }

    private static List<List<String>> lastUses(Graph graph, List<Node> nodes) {
        Map<String, Integer> last = new HashMap<>();
        for (int i = 0; i < nodes.size(); i++) {
            for (String in : nodes.get(i).inputs()) {
                if (!in.isEmpty()) {
                    last.put(in, i);
                }
            }
            for (String out : nodes.get(i).outputs()) {
                if (!out.isEmpty()) {
                    last.putIfAbsent(out, i);
                }
            }
        }
        Set<String> keep = new HashSet<>();
        for (ValueInfo o : graph.outputs()) {
            keep.add(o.name());
        }
        keep.addAll(graph.constants().keySet());
        List<List<String>> release = new ArrayList<>();
        for (int i = 0; i < nodes.size(); i++) {
            release.add(new ArrayList<>());
        }
        for (Map.Entry<String, Integer> e : last.entrySet()) {
            if (!keep.contains(e.getKey())) {
                release.get(e.getValue()).add(e.getKey());
            }
        }
        return release;
    }
}
