package qmap.quant;

import qmap.kernels.FastKernels;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import qmap.build.BuildJob;
import qmap.config.Config;
import qmap.config.ConfigReader;
import qmap.config.Overrides;
import qmap.ir.DType;
import qmap.ir.Graph;
import qmap.ir.Model;
import qmap.ir.Node;
import qmap.ir.Tensor;
import qmap.ir.ValueInfo;
import qmap.onnx.OnnxWriter;
import qmap.passes.PassPipeline;
import qmap.quant.integer.IntegerOps;
import qmap.quant.integer.RequantMode;
import qmap.testing.OrtRunner;

/**
 * Compares qmap's integer runtime with ONNX Runtime on the same quantized model, in the
 * quantized domain: per tensor, the share of identical integers and the largest difference in
 * steps. Intermediate tensors are the QuantizeLinear outputs of the QDQ model; ONNX Runtime
 * shows them when a copy of the model lists them as graph outputs.
 */
final class IntegerAgreement {
    /** ORT session config that lets ORT fuse int8 Conv/MatMul into QLinearConv/QLinearMatMul on x86. */
    static final Map<String, String> ORT_INT8 = Map.of("session.qdqisint8allowed", "1");
    /** ORT as it comes on this machine (the config entry only quiets its log). */
    static final Map<String, String> ORT_DEFAULT = Map.of("session.qdqisint8allowed", "0");

    record Figure(String tensor, long elements, long identical, long maxStep) {
        double share() {
            return elements == 0 ? 1 : (double) identical / elements;
        }

        Figure plus(Figure o) {
            return new Figure(tensor, elements + o.elements, identical + o.identical, Math.max(maxStep, o.maxStep));
        }

        @Override
        public String toString() {
            return String.format("%s: %.4f%% identical of %d (%d differ), max step %d", tensor, 100 * share(), elements,
                    elements - identical, maxStep);
        }
    }

    private IntegerAgreement() {
    }

    /** Builds a config for a march with max calibration into dir; the quantized model's path. */
    static Path build(Path config, Path dir, String march) throws Exception {
        Config cfg = ConfigReader.read(config, Overrides.NONE.withWorkingDir(dir).withMarch(march)
                .withCalibrationType("max"));
        new BuildJob(cfg, line -> { }).run();
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(p -> p.getFileName().toString().endsWith("_quantized_model.onnx")).findFirst()
                    .orElseThrow();
        }
    }

    /** The activations' QuantizeLinear outputs of a QDQ graph, in graph order. */
    static Set<String> quantizedActivations(Graph g) {
        Set<String> out = new LinkedHashSet<>();
        for (Node n : g.nodes()) {
            if (n.opType().equals("QuantizeLinear") && !g.isConstant(n.input(0))) {
                out.add(n.output(0));
            }
        }
        return out;
    }

    /** ONNX Runtime's values of the graph outputs and of {@code extra} tensors. */
    static Map<String, Tensor> ort(Model m, Set<String> extra, Map<String, Tensor> inputs, Map<String, String> config) {
        Graph g = PassPipeline.staticShapes().apply(m.graph());
        List<ValueInfo> outs = new ArrayList<>(g.outputs());
        Set<String> have = new LinkedHashSet<>();
        outs.forEach(o -> have.add(o.name()));
        for (String t : extra) {
            if (have.add(t)) {
                outs.add(new ValueInfo(t, g.typeOf(t)));
            }
        }
        byte[] bytes = OnnxWriter.toBytes(m.withGraph(m.graph().withOutputs(outs)));
        return OrtRunner.run(bytes, inputs, 1, config);
    }

    /** qmap's integer runtime: the graph outputs plus every produced tensor named in {@code capture}. */
    static Map<String, Tensor> ours(IntegerExecutor x, Set<String> capture, Map<String, Tensor> inputs) {
        Map<String, Tensor> seen = new HashMap<>();
        Map<String, Tensor> out = new LinkedHashMap<>(x.run(inputs, (producer, name, value) -> {
            if (capture.contains(name)) {
                seen.put(name, value);
            }
        }));
        out.putAll(seen);
        return out;
    }

    /**
     * Node by node, without cascades: every integer node (and data-movement node on integer
     * tensors) runs on the reference's own input tensors and is compared with the reference's
     * output. Nodes whose inputs the reference does not show are skipped.
     */
    static Figure local(IntegerExecutor x, Map<String, Tensor> ref) {
        Graph g = x.graph();
        qmap.ops.OpRegistry ops = qmap.kernels.FastKernels.registry().withDomain(IntegerOps.DOMAIN, IntegerOps.operators());
        Figure total = new Figure("integer nodes, local", 0, 0, 0);
        for (Node n : g.nodes()) {
            String out = n.output(0);
            if (!ref.containsKey(out) || ref.get(out).dtype() == DType.FLOAT || n.opType().endsWith("QuantizeLinear")) {
                continue;
            }
            Tensor[] in = new Tensor[n.inputs().size()];
            boolean complete = true;
            for (int i = 0; i < in.length; i++) {
                String v = n.input(i);
                in[i] = v.isEmpty() ? null : g.isConstant(v) ? g.constants().get(v) : ref.get(v);
                complete &= v.isEmpty() || in[i] != null;
            }
            if (complete) {
                total = total.plus(compare(n.name(), ref.get(out), ops.find(n.domain(), n.opType()).run(n, in)[0], 1));
            }
        }
        return total;
    }

    /**
     * The requantization alone: every integer node of a float-multiplier run is run again on the
     * same inputs with {@code mode}'s requantization (look-up tables and the float boundary's
     * Quantize / Dequantize excluded: they hold no multiplier), so differences do not cascade through the network.
     */
    static Figure localRequantization(IntegerExecutor floatRun, Map<String, Tensor> inputs, RequantMode mode) {
        Map<String, qmap.ops.Operator> ops = IntegerOps.operators();
        Figure[] total = {new Figure("integer nodes, local", 0, 0, 0)};
        floatRun.run(inputs, new qmap.exec.TensorListener() {
            @Override
            public void onTensor(Node producer, String name, Tensor value) {
            }

            @Override
            public void onNode(Node node, Tensor[] in, Tensor[] out) {
                if (!node.domain().equals(IntegerOps.DOMAIN) || node.opType().equals("QLut")
                        || node.opType().equals("Quantize") || node.opType().equals("Dequantize")) {
                    return;
                }
                Node other = mode.write(node.toBuilder()).build();
                total[0] = total[0].plus(compare(node.name(), out[0], ops.get(node.opType()).run(other, in)[0], 1));
            }
        });
        return total[0];
    }

    /** Identical share and largest step difference of two tensors (floats compare in steps of {@code scale}). */
    static Figure compare(String name, Tensor ref, Tensor ours, double scale) {
        if (ref.size() != ours.size()) {
            throw new AssertionError(name + ": " + ref.size() + " vs " + ours.size() + " elements");
        }
        long same = 0;
        long max = 0;
        for (int i = 0; i < ref.size(); i++) {
            long d;
            if (ref.dtype() == DType.FLOAT) {
                d = Math.round(Math.abs(ref.getDouble(i) - ours.getDouble(i)) / scale);
            } else {
                d = Math.abs(ref.getLong(i) - ours.getLong(i));
            }
            same += d == 0 ? 1 : 0;
            max = Math.max(max, d);
        }
        return new Figure(name, ref.size(), same, max);
    }

    /** Figures for every tensor both sides have, by name, and the total over intermediates as "all". */
    static Map<String, Figure> compareAll(Map<String, Tensor> ref, Map<String, Tensor> ours, Set<String> intermediates) {
        Map<String, Figure> figs = new LinkedHashMap<>();
        Figure total = new Figure("all intermediates", 0, 0, 0);
        for (String t : intermediates) {
            if (ref.containsKey(t) && ours.containsKey(t)) {
                Figure f = compare(t, ref.get(t), ours.get(t), 1);
                figs.put(t, f);
                total = total.plus(f);
            }
        }
        figs.put("all", total);
        return figs;
    }

    /** NCHW uint8 to NHWC. */
    static Tensor nhwc(Tensor nchw) {
        int[] s = nchw.shape();
        long[] v = nchw.longs();
        long[] out = new long[v.length];
        int c = s[1];
        int h = s[2];
        int w = s[3];
        for (int ch = 0; ch < c; ch++) {
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    out[(y * w + x) * c + ch] = v[(ch * h + y) * w + x];
                }
            }
        }
        return Tensor.of(nchw.dtype(), new int[] {s[0], h, w, c}, out);
    }
}
