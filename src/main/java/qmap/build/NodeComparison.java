package qmap.build;

import qmap.kernels.FastKernels;
import qmap.kernels.Parallel;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ForkJoinPool;
import java.util.function.Predicate;
import qmap.exec.BufferPool;
import qmap.exec.Executor;
import qmap.exec.Similarity;
import qmap.exec.TensorListener;
import qmap.ir.DType;
import qmap.ir.Graph;
import qmap.ir.Node;
import qmap.ir.Tensor;
import qmap.ops.OpRegistry;
import qmap.ops.Operator;
import qmap.ops.Workspace;
import qmap.quant.ActivationQuant;
import qmap.quant.FakeQuant;
import qmap.quant.QdqGraph;
import qmap.quant.QuantPlan;
import qmap.quant.WeightQuant;

/**
 * Node-by-node similarity of the quantized model to the float model on the same samples: the
 * cosine of every tensor (errors accumulated from upstream), and the local cosine of every
 * quantized node (that node alone quantized, on float inputs). The two models run in lockstep,
 * so only the tensors waiting to be compared are held, whatever the model's size. Neither run
 * keeps what it shows: a float tensor waiting for its counterpart is retained and released once
 * compared, and the local runs take their arrays from a {@link BufferPool}, so after the first sample
 * the comparison allocates (almost) nothing per sample.
 */
public final class NodeComparison {
    /** Mean over samples of the per-sample cosine, by float tensor name; local cosine by node name. */
    public record Result(Map<String, Double> cosine, Map<String, Double> localCosine, Map<String, Double> outputCosine,
                         int samples) {
    }

    private final Graph floatGraph;
    private final QdqGraph quantized;
    private final QuantPlan plan;
    private final Predicate<Node> quantizedNode;
    /** Fake-quantized weights, computed once per build rather than once per sample. */
    private final Map<String, Tensor> fakeQuantWeights = new HashMap<>();
    /** The arrays of the local runs, all free again after each ({@link BufferPool#settle}: none is held). */
    private final BufferPool scratchArrays = new BufferPool();

    public NodeComparison(Graph floatGraph, QdqGraph quantized, QuantPlan plan, Predicate<Node> quantizedNode) {
        this.floatGraph = floatGraph;
        this.quantized = quantized;
        this.plan = plan;
        this.quantizedNode = quantizedNode;
    }

    public Result run(List<Map<String, Tensor>> samples, int threads, BuildLog log) {
        ForkJoinPool pool = Parallel.pool(threads);
        try (Executor fx = new Executor(floatGraph, FastKernels.registry(), 21, threads);
             Executor qx = new Executor(quantized.graph(), FastKernels.registry(), 21, threads)) {
            return run(samples, fx, qx, new Workspace(pool, scratchArrays), log);
        } finally {
            if (pool != null) {
                pool.shutdown();
            }
        }
    }

    private Result run(List<Map<String, Tensor>> samples, Executor fx, Executor qx, Workspace scratch,
                       BuildLog log) {
        Map<String, String> floatOf = new HashMap<>();
        for (Map.Entry<String, String> e : quantized.dequantizedName().entrySet()) {
            floatOf.put(e.getValue(), e.getKey());
        }
        Set<String> floatNodes = new HashSet<>();
        floatGraph.nodes().forEach(n -> floatNodes.add(n.name()));
        Map<String, double[]> cos = new LinkedHashMap<>();
        Map<String, double[]> local = new LinkedHashMap<>();
        for (int s = 0; s < samples.size(); s++) {
            Map<String, Tensor> pending = new HashMap<>();
            TensorListener fl = new TensorListener() {
                @Override
                public void onTensor(Node producer, String name, Tensor value) {
                    if (value.dtype() == DType.FLOAT) {
                        pending.put(name, value);
                        fx.retain(value);
                    }
                }

                @Override
                public void onNode(Node node, Tensor[] inputs, Tensor[] outputs) {
                    if (quantizedNode.test(node) && outputs.length > 0 && outputs[0] != null
                            && outputs[0].dtype() == DType.FLOAT) {
                        add(local, node.name(), localCosine(node, inputs, outputs[0], scratch));
                    }
                }

                @Override
                public boolean keepsTensors() {
                    return false;
                }
            };
            TensorListener ql = new TensorListener() {
                @Override
                public void onTensor(Node producer, String name, Tensor value) {
                    String f = floatOf.getOrDefault(name, name);
                    boolean isCounterpart = quantized.counterpart(f).equals(name);
                    Tensor ref = isCounterpart ? pending.remove(f) : null;
                    if (ref != null) {
                        if (value.dtype() == DType.FLOAT) {
                            add(cos, f, Similarity.of(value, ref).cosine());
                        }
                        fx.release(ref);
                    }
                }

                @Override
                public boolean keepsTensors() {
                    return false;
                }
            };
            Executor.Run fr = fx.start(samples.get(s), fl);
            Executor.Run qr = qx.start(samples.get(s), ql);
            while (qr.hasNext()) {
                Node next = qr.peek();
                if (floatNodes.contains(next.name())) {
                    advanceThrough(fr, next.name());
                }
                qr.step();
            }
            fr.finish();
            pending.values().forEach(fx::release);
            log.progress(String.format("similarity: sample %d/%d", s + 1, samples.size()));
        }
        Map<String, Double> outputs = new LinkedHashMap<>();
        floatGraph.outputs().forEach(o -> outputs.put(o.name(), mean(cos.get(o.name()))));
        return new Result(means(cos), means(local), outputs, samples.size());
    }

    /** Runs the float model up to and including the node of the given name (float runs first). */
    private static void advanceThrough(Executor.Run fr, String nodeName) {
        while (fr.hasNext()) {
            String ran = fr.peek().name();
            fr.step();
            if (ran.equals(nodeName)) {
                return;
            }
        }
    }

    /** The node run alone on its inputs quantized as the plan says; its arrays are free again after. */
    private double localCosine(Node node, Tensor[] inputs, Tensor floatOut, Workspace scratch) {
        try {
            return Similarity.of(runQuantized(node, inputs, scratch), floatOut).cosine();
        } finally {
            scratchArrays.settle();
        }
    }

    private Tensor runQuantized(Node node, Tensor[] inputs, Workspace scratch) {
        Tensor[] q = inputs.clone();
        for (int i = 0; i < q.length; i++) {
            String name = node.input(i);
            ActivationQuant a = plan.activations().get(name);
            WeightQuant w = plan.weights().get(name);
            if (q[i] != null && plan.constants().containsKey(name)) {
                q[i] = plan.constants().get(name);
            } else if (q[i] != null && a != null) {
                q[i] = FakeQuant.apply(q[i], a, scratch.buffers());
            } else if (q[i] != null && w != null) {
                Tensor original = q[i];
                q[i] = fakeQuantWeights.computeIfAbsent(name, k -> FakeQuant.apply(original, w));
            } else if (q[i] != null && q[i].dtype() == DType.FLOAT && !floatGraph.isConstant(name)) {
                // the float run refills this array later: a kernel must not cache anything keyed on it
                q[i] = copy(q[i], scratch);
            }
        }
        Operator op = FastKernels.registry().find(node.domain(), node.opType());
        Tensor out = op.run(node, q, scratch)[0];
        ActivationQuant oq = plan.activations().get(node.output(0));
        return oq == null ? out : FakeQuant.apply(out, oq, scratch.buffers());
    }

    private static Tensor copy(Tensor t, Workspace scratch) {
        float[] v = t.floats();
        float[] c = scratch.floats(v.length);
        System.arraycopy(v, 0, c, 0, v.length);
        return Tensor.ofFloats(t.shape(), c);
    }

    private static void add(Map<String, double[]> m, String k, double v) {
        double[] acc = m.computeIfAbsent(k, x -> new double[2]);
        acc[0] += v;
        acc[1]++;
    }

    private static double mean(double[] acc) {
        return acc == null || acc[1] == 0 ? Double.NaN : acc[0] / acc[1];
    }

    private static Map<String, Double> means(Map<String, double[]> m) {
        Map<String, Double> out = new LinkedHashMap<>();
        m.forEach((k, v) -> out.put(k, mean(v)));
        return out;
    }
}
