package qmap.passes;

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

/**
 * Folds a per-output-channel Mul, Div, Add or Sub by a constant into the Conv before it (the
 * scale-and-shift that exporters leave for a BatchNormalization, e.g. PaddleOCR's): the weights
 * and bias absorb it, so the NPU runs one layer and quantizes once. Only when the Conv's output
 * has no other reader and the constant varies along the channel axis alone. Repeats until
 * nothing changes (Conv, Mul, Add chains). Needs inferred types.
 */
public final class FoldAffineIntoConv implements Pass {
    @Override
    public String name() {
        return "fold-affine-into-conv";
    }

    @Override
    public Graph apply(Graph graph) {
        Graph g = graph;
        while (true) {
            Graph next = foldOnce(g);
            if (next == g) {
                return new RemoveDeadNodes().apply(g);
            }
            g = next;
        }
    }

    private Graph foldOnce(Graph g) {
        Set<String> outputs = new HashSet<>();
        for (ValueInfo o : g.outputs()) {
            outputs.add(o.name());
        }
        Map<String, List<Node>> consumers = g.consumers();
        Map<String, Node> producers = g.producers();
        for (Node op : g.nodes()) {
            String kind = op.opType();
            if (!kind.equals("Mul") && !kind.equals("Div") && !kind.equals("Add") && !kind.equals("Sub")) {
                continue;
            }
            Node conv = producers.get(op.input(0));
            String constName = op.input(1);
            if (conv == null && (kind.equals("Mul") || kind.equals("Add"))) {
                conv = producers.get(op.input(1));
                constName = op.input(0);
            }
            if (conv == null || !conv.opType().equals("Conv") || outputs.contains(conv.output(0))
                    || consumers.getOrDefault(conv.output(0), List.of()).size() != 1) {
                continue;
            }
            Tensor c = g.constants().get(constName);
            Tensor w = g.constants().get(conv.input(1));
            Tensor b = conv.hasInput(2) ? g.constants().get(conv.input(2)) : null;
            if (c == null || w == null || w.dtype() != DType.FLOAT || (conv.hasInput(2) && b == null)) {
                continue;
            }
            float[] perChannel = perChannel(c, w.dim(0), g.typeOf(conv.output(0)));
            if (perChannel == null) {
                continue;
            }
            return replace(g, conv, op, fold(kind, w, b, perChannel));
        }
        return g;
    }

    /** The constant as one value per output channel, or null when it varies along another axis. */
    private static float[] perChannel(Tensor c, int channels, TensorType out) {
        if (c.dtype() != DType.FLOAT || out.rank() < 2) {
            return null;
        }
        float[] v = c.floats();
        float[] per = new float[channels];
        if (v.length == 1) {
            java.util.Arrays.fill(per, v[0]);
            return per;
        }
        int[] s = c.shape();
        int channelAxis = s.length - (out.rank() - 1);
        if (channelAxis < 0 || s[channelAxis] != channels || v.length != channels) {
            return null;
        }
        System.arraycopy(v, 0, per, 0, channels);
        return per;
    }

    private record Folded(Tensor weight, Tensor bias) {
    }

    private static Folded fold(String kind, Tensor w, Tensor b, float[] c) {
        int channels = w.dim(0);
        float[] wv = w.floats().clone();
        float[] bv = b == null ? new float[channels] : b.floats().clone();
        int inner = wv.length / channels;
        for (int co = 0; co < channels; co++) {
            switch (kind) {
                case "Mul", "Div" -> {
                    double f = kind.equals("Mul") ? c[co] : 1.0 / c[co];
                    for (int i = 0; i < inner; i++) {
                        wv[co * inner + i] = (float) (wv[co * inner + i] * f);
                    }
                    bv[co] = (float) (bv[co] * f);
                }
                case "Add" -> bv[co] += c[co];
                default -> bv[co] -= c[co];
            }
        }
        return new Folded(Tensor.ofFloats(w.shape(), wv), Tensor.ofFloats(new int[] {channels}, bv));
    }

    private static Graph replace(Graph g, Node conv, Node op, Folded f) {
        Map<String, Tensor> constants = new LinkedHashMap<>(g.constants());
        String wName = fresh(constants, conv.name() + "_folded_weight");
        constants.put(wName, f.weight());
        String bName = fresh(constants, conv.name() + "_folded_bias");
        constants.put(bName, f.bias());
        Node folded = conv.toBuilder().inputs(conv.input(0), wName, bName).outputs(op.output(0)).build();
        List<Node> nodes = new ArrayList<>();
        for (Node n : g.nodes()) {
            if (n == op) {
                continue;
            }
            nodes.add(n == conv ? folded : n);
        }
        return g.withNodes(nodes).withConstants(constants);
    }

    private static String fresh(Map<String, Tensor> constants, String hint) {
        String name = hint;
        int k = 1;
        while (constants.containsKey(name)) {
            name = hint + "_" + k++;
        }
        return name;
    }
}
