package qmap.quant;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ForkJoinPool;
import java.util.function.Predicate;
import qmap.exec.BufferPool;
import qmap.exec.ExecutionException;
import qmap.exec.Executor;
import qmap.exec.TensorListener;
import qmap.ir.DType;
import qmap.ir.Graph;
import qmap.ir.Node;
import qmap.ir.Tensor;
import qmap.ir.ValueInfo;
import qmap.kernels.FastKernels;
import qmap.kernels.Parallel;
import qmap.ops.Operator;
import qmap.ops.Workspace;

/**
 * Empirical bias correction: the quantized model's error has a mean (clipped outliers, weight
 * rounding), and each NPU Conv/ConvTranspose/Gemm can cancel its own share of it in its bias.
 *
 * <p>The float graph runs first, one sample at a time, for the mean of each correctable node's
 * output per channel. Then its fake-quantized twin (the {@link QuantPlan} applied as the build's
 * calibrated model does) runs over all the samples node by node. At each correctable node the
 * difference between the quantized and the float mean per output channel, over the samples and
 * all positions, is subtracted from the bias, and from the quantized outputs already computed,
 * before any later node reads them: each correction sees the errors left by the corrections
 * above it. The result is the corrected float biases, which the plan carries
 * ({@link QuantPlan#withConstants}) and the QDQ writer quantizes to int32 as usual.
 *
 * <p>The quantized values of all samples are held at once (8-bit ones as their codes), so the
 * arrays come from a {@link BufferPool}: each stored value holds its array until its last reader
 * has run, and the rest (the unquantized outputs, the kernels' scratch) is free again after each
 * run; free arrays of sizes the node did not ask for are dropped, so the pool holds little more
 * than the values.
 */
public final class BiasCorrection {
    private static final Set<String> CORRECTABLE = Set.of("Conv", "ConvTranspose", "Gemm");

    /** The corrected biases and the delta subtracted from each, by bias tensor name. */
    public record Result(Map<String, Tensor> biases, Map<String, float[]> deltas) {
    }

    private BiasCorrection() {
    }

    /**
     * @param g       the float graph the samples feed (its constants are the float weights)
     * @param plan    the quantization plan of {@code g}
     * @param onNpu   which nodes run quantized
     * @param samples float inputs of {@code g}, by input name
     * @param threads threads for the kernels
     */
    public static Result apply(Graph g, QuantPlan plan, Predicate<Node> onNpu, List<Map<String, Tensor>> samples,
                               int threads) {
        Map<String, List<Node>> consumers = g.consumers();
        Map<String, Integer> lastUse = lastUses(g);
        Map<String, ChannelSums> floatSums = floatSums(g, plan, onNpu, consumers, samples, threads);
        BufferPool arrays = new BufferPool();
        List<Quantized> qvals = new ArrayList<>();
        for (Map<String, Tensor> s : samples) {
            Quantized q = new Quantized(new HashMap<>(), new HashMap<>());
            for (ValueInfo in : g.inputs()) {
                Tensor v = Objects.requireNonNull(s.get(in.name()), () -> "sample has no input " + in.name());
                q.store(in.name(), v, plan.activations().get(in.name()), arrays);
            }
            qvals.add(q);
        }
        Map<String, Tensor> constants = new LinkedHashMap<>(g.constants());
        Map<String, Tensor> fakeWeights = new HashMap<>();
        plan.weights().forEach((name, w) -> fakeWeights.put(name, FakeQuant.apply(g.constants().get(name), w)));
        Map<String, float[]> deltas = new LinkedHashMap<>();
        ForkJoinPool pool = Parallel.pool(threads);
        Workspace ws = new Workspace(pool, arrays);
        try {
            for (int i = 0; i < g.nodes().size(); i++) {
                Node n = g.nodes().get(i);
                Operator op = Objects.requireNonNull(FastKernels.registry().find(n.domain(), n.opType()),
                        () -> "no kernel for " + n.describe());
                List<Tensor> qout = new ArrayList<>();
                List<Tensor> ran = new ArrayList<>();
                for (int s = 0; s < samples.size(); s++) {
                    List<Tensor> decoded = new ArrayList<>();
                    Tensor[] q = run(op, n, qvals.get(s).args(g, n, constants, fakeWeights, arrays, decoded), ws, ran);
                    decoded.forEach(t -> arrays.release(t.storage()));
                    qout.add(q[0]);
                    for (int k = 1; k < n.outputs().size() && k < q.length; k++) {
                        if (!n.output(k).isEmpty() && q[k] != null) {
                            qvals.get(s).store(n.output(k), q[k], plan.activations().get(n.output(k)), arrays);
                        }
                    }
                }
                String bias = correctableBias(g, n, plan, onNpu, consumers);
                ChannelSums f = bias == null || n.output(0).isEmpty() ? null : floatSums.get(n.output(0));
                if (f != null) {
                    ChannelSums qs = new ChannelSums(f.sums.length);
                    qout.forEach(qs::add);
                    float[] delta = qs.minusMean(f);
                    if (delta != null && delta.length == constants.get(bias).size()) {
                        deltas.put(bias, delta);
                        constants.put(bias, subtract(constants.get(bias), delta));
                        for (int s = 0; s < qout.size(); s++) {
                            qout.set(s, subtractPerChannel(qout.get(s), delta, arrays));
                        }
                    }
                }
                for (int s = 0; s < samples.size(); s++) {
                    if (!n.output(0).isEmpty()) {
                        qvals.get(s).store(n.output(0), qout.get(s), plan.activations().get(n.output(0)), arrays);
                    }
                    release(n, i, lastUse, qvals.get(s).values(), arrays);
                }
                ran.forEach(t -> arrays.release(t.storage()));
                arrays.settle();
                arrays.trim();
            }
        } finally {
            if (pool != null) {
                pool.shutdown();
            }
        }
        Map<String, Tensor> biases = new LinkedHashMap<>();
        deltas.keySet().forEach(b -> biases.put(b, constants.get(b)));
        return new Result(biases, deltas);
    }

    /**
     * The float model's sums per channel of each correctable node's output over all samples, run
     * one sample at a time (nothing held across samples but the sums).
     */
    private static Map<String, ChannelSums> floatSums(Graph g, QuantPlan plan, Predicate<Node> onNpu,
                                                     Map<String, List<Node>> consumers,
                                                     List<Map<String, Tensor>> samples, int threads) {
        Set<String> wanted = new HashSet<>();
        for (Node n : g.nodes()) {
            if (!n.outputs().isEmpty() && !n.output(0).isEmpty() && correctableBias(g, n, plan, onNpu, consumers) != null) {
                wanted.add(n.output(0));
            }
        }
        Map<String, ChannelSums> sums = new HashMap<>();
        try (Executor exec = new Executor(g, FastKernels.registry(), 21, Math.max(1, threads))) {
            TensorListener listener = new TensorListener() {
                @Override
                public void onTensor(Node producer, String name, Tensor value) {
                    if (wanted.contains(name) && value.rank() >= 2) {
                        sums.computeIfAbsent(name, k -> new ChannelSums(value.dim(1))).add(value);
                    }
                }

                @Override
                public boolean keepsTensors() {
                    return false;
                }
            };
            for (Map<String, Tensor> s : samples) {
                exec.recycle(exec.run(s, listener));
            }
        }
        return sums;
    }

    /** Sums per channel (axis 1, or the last axis of a 2-D tensor) over tensors, in double, and the values per channel. */
    private static final class ChannelSums {
        private final double[] sums;
        private long count;
        private boolean mismatch;

        ChannelSums(int channels) {
            sums = new double[channels];
        }

        void add(Tensor t) {
            int[] shape = t.shape();
            if (shape.length < 2 || shape[1] != sums.length || t.dtype() != DType.FLOAT) {
                mismatch = true;
                return;
            }
            float[] v = t.toFloats();
            int inner = inner(shape);
            for (int i = 0; i < v.length; i++) {
                sums[channel(i, shape, inner)] += v[i];
            }
            count += v.length / sums.length;
        }

        /** This mean minus {@code other}'s per channel; null when either saw no values or another shape. */
        float[] minusMean(ChannelSums other) {
            if (mismatch || other.mismatch || count == 0 || other.count == 0 || other.sums.length != sums.length) {
                return null;
            }
            float[] mean = new float[sums.length];
            for (int c = 0; c < mean.length; c++) {
                mean[c] = (float) (sums[c] / count - other.sums[c] / other.count);
            }
            return mean;
        }
    }

    /** The bias of a node whose output error the bias can absorb, or null. */
    private static String correctableBias(Graph g, Node n, QuantPlan plan, Predicate<Node> onNpu,
                                          Map<String, List<Node>> consumers) {
        if (!CORRECTABLE.contains(n.opType()) || !onNpu.test(n) || n.inputs().size() < 3
                || !plan.weights().containsKey(n.input(1))) {
            return null;
        }
        String b = n.input(2);
        if (b.isEmpty() || !g.isConstant(b) || g.constants().get(b).dtype() != DType.FLOAT
                || consumers.getOrDefault(b, List.of()).size() != 1) {
            return null;
        }
        if (n.opType().equals("Gemm") && (n.attrFloat("beta", 1f) != 1f || g.constants().get(b).rank() != 1)) {
            return null;
        }
        return b;
    }

    private static Tensor subtract(Tensor bias, float[] delta) {
        float[] b = bias.toFloats().clone();
        for (int c = 0; c < b.length; c++) {
            b[c] -= delta[c];
        }
        return Tensor.ofFloats(bias.shape(), b);
    }

    private static Tensor subtractPerChannel(Tensor t, float[] delta, BufferPool arrays) {
        int[] shape = t.shape();
        int inner = inner(shape);
        float[] x = t.toFloats();
        float[] v = arrays.floats(x.length);
        for (int i = 0; i < v.length; i++) {
            v[i] = x[i] - delta[channel(i, shape, inner)];
        }
        return Tensor.ofFloats(shape, v);
    }

    /** Elements per channel: the product of the dims after axis 1. */
    private static int inner(int[] shape) {
        int inner = 1;
        for (int d = 2; d < shape.length; d++) {
            inner *= shape[d];
        }
        return inner;
    }

    /** The channel (axis 1) of flat element i; a 2-D [N, C] output has its channels along the last axis. */
    private static int channel(int i, int[] shape, int inner) {
        return shape.length == 2 ? i % shape[1] : (i / inner) % shape[1];
    }

    private static Tensor[] args(Graph g, Node n, Map<String, Tensor> values, Map<String, Tensor> constants,
                                 Map<String, Tensor> fakeWeights) {
        Tensor[] args = new Tensor[n.inputs().size()];
        for (int k = 0; k < args.length; k++) {
            String name = n.input(k);
            if (name.isEmpty()) {
                continue;
            }
            if (g.isConstant(name)) {
                args[k] = fakeWeights.getOrDefault(name, constants.get(name));
            } else {
                args[k] = values.get(name);
                if (args[k] == null) {
                    throw new ExecutionException("node " + n.describe() + ": input '" + name + "' has no value", null);
                }
            }
        }
        return args;
    }

    /**
     * Runs one node. Its outputs hold their arrays until the node is done with them (the caller
     * releases everything in {@code ran}), so the kernel's scratch is free again for the next run.
     */
    private static Tensor[] run(Operator op, Node n, Tensor[] args, Workspace ws, List<Tensor> ran) {
        try {
            Tensor[] out = op.run(n, args, ws);
            BufferPool arrays = (BufferPool) ws.buffers(); // the pool apply() made ws from
            for (Tensor t : out) {
                if (t != null) {
                    arrays.hold(t.storage());
                    ran.add(t);
                }
            }
            arrays.settle();
            return out;
        } catch (IllegalArgumentException e) {
            throw new ExecutionException("node " + n.describe() + ": " + e.getMessage(), e);
        }
    }

    /**
     * One sample's values in the fake-quantized model: a value the plan quantizes to 8 bits is
     * held as its codes ({@link FakeQuant#codes}, a quarter of the floats: every sample's values
     * are held at once) and decoded into exactly the fake-quantized floats for each node that
     * reads it; the rest as floats.
     */
    private record Quantized(Map<String, Tensor> values, Map<String, ActivationQuant> coded) {
        void store(String name, Tensor v, ActivationQuant a, BufferPool arrays) {
            Tensor codes = a == null ? null : FakeQuant.codes(v, a, arrays);
            if (codes != null) {
                coded.put(name, a);
                BiasCorrection.store(values, name, codes, arrays);
            } else {
                coded.remove(name);
                BiasCorrection.store(values, name, quantize(v, a, arrays), arrays);
            }
        }

        /** A node's inputs, codes decoded into arrays of {@code arrays} listed in {@code decoded} (held). */
        Tensor[] args(Graph g, Node n, Map<String, Tensor> constants, Map<String, Tensor> fakeWeights,
                      BufferPool arrays, List<Tensor> decoded) {
            Tensor[] args = BiasCorrection.args(g, n, values, constants, fakeWeights);
            for (int k = 0; k < args.length; k++) {
                ActivationQuant a = args[k] == null || g.isConstant(n.input(k)) ? null : coded.get(n.input(k));
                if (a != null) {
                    args[k] = FakeQuant.decode(args[k], a, arrays);
                    arrays.hold(args[k].storage());
                    decoded.add(args[k]);
                }
            }
            return args;
        }
    }

    /** Stores a value; its array stays taken until the value is dropped ({@link #release}). */
    private static void store(Map<String, Tensor> values, String name, Tensor t, BufferPool arrays) {
        arrays.hold(t.storage());
        Tensor old = values.put(name, t);
        if (old != null) {
            arrays.release(old.storage());
        }
    }

    private static Tensor quantize(Tensor v, ActivationQuant a, BufferPool arrays) {
        return a == null || v.dtype() != DType.FLOAT ? v : FakeQuant.apply(v, a, arrays);
    }

    private static Map<String, Integer> lastUses(Graph g) {
        Map<String, Integer> last = new HashMap<>();
        for (int i = 0; i < g.nodes().size(); i++) {
            for (String in : g.nodes().get(i).inputs()) {
                last.put(in, i);
            }
        }
        return last;
    }

    /** Drops the values whose last reader is node i, and the node's outputs nobody reads. */
    private static void release(Node n, int i, Map<String, Integer> lastUse, Map<String, Tensor> values,
                                BufferPool arrays) {
        for (String in : n.inputs()) {
            if (lastUse.getOrDefault(in, -1) == i) {
                drop(values, in, arrays);
            }
        }
        for (String out : n.outputs()) {
            if (!lastUse.containsKey(out)) {
                drop(values, out, arrays);
            }
        }
    }

    private static void drop(Map<String, Tensor> values, String name, BufferPool arrays) {
        Tensor t = values.remove(name);
        if (t != null) {
            arrays.release(t.storage());
        }
    }
}
