package qmap.passes;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import qmap.ir.Graph;
import qmap.ir.Node;
import qmap.ir.Tensor;
import qmap.ir.ValueInfo;

/**
 * Folds an inference BatchNormalization into the Conv (or group-1 ConvTranspose) that feeds it
 * when the Conv's output has no other reader: w' = w * g / sqrt(v + eps) per output channel,
 * b' = (b - m) * g / sqrt(v + eps) + beta. The BN output name is kept.
 */
public final class FoldBatchNormIntoConv implements Pass {
    @Override
    public String name() {
        return "fold-batchnorm-into-conv";
    }

    @Override
    public Graph apply(Graph g) {
        Map<String, Node> producers = g.producers();
        Map<String, List<Node>> consumers = g.consumers();
        Set<String> graphOutputs = new HashSet<>();
        for (ValueInfo o : g.outputs()) {
            graphOutputs.add(o.name());
        }
        Map<String, Tensor> constants = new LinkedHashMap<>(g.constants());
        Map<Node, Node> replacedConv = new LinkedHashMap<>();
        Set<Node> removedBn = new HashSet<>();
        for (Node bn : g.nodes()) {
            if (!bn.opType().equals("BatchNormalization") || bn.outputs().size() > 1 && !bn.output(1).isEmpty()
                    || bn.attrInt("training_mode", 0) != 0) {
                continue;
            }
            Node conv = producers.get(bn.input(0));
            if (conv == null || replacedConv.containsKey(conv) || !foldable(conv, g)
                    || consumers.getOrDefault(bn.input(0), List.of()).size() != 1
                    || graphOutputs.contains(bn.input(0))) {
                continue;
            }
            Tensor[] p = new Tensor[4];
            boolean allConst = true;
            for (int i = 0; i < 4; i++) {
                p[i] = g.constants().get(bn.input(i + 1));
                allConst &= p[i] != null;
            }
            if (!allConst) {
                continue;
            }
            Tensor w = g.constants().get(conv.input(1));
            boolean transposed = conv.opType().equals("ConvTranspose");
            int cout = transposed ? w.dim(1) : w.dim(0);
            if (p[0].size() != cout) {
                continue;
            }
            double eps = bn.attrFloat("epsilon", 1e-5f);
            double[] factor = new double[cout];
            double[] bias = new double[cout];
            Tensor oldBias = conv.hasInput(2) ? g.constants().get(conv.input(2)) : null;
            for (int c = 0; c < cout; c++) {
                factor[c] = p[0].getDouble(c) / Math.sqrt(p[3].getDouble(c) + eps);
                double b0 = oldBias == null ? 0 : oldBias.getDouble(c);
                bias[c] = (b0 - p[2].getDouble(c)) * factor[c] + p[1].getDouble(c);
            }
            String wName = fresh(constants, conv.name() + "_bn_weight");
            String bName = fresh(constants, conv.name() + "_bn_bias");
            constants.put(wName, scaleChannels(w, factor, transposed));
            float[] bf = new float[cout];
            for (int c = 0; c < cout; c++) {
                bf[c] = (float) bias[c];
            }
            constants.put(bName, Tensor.ofFloats(new int[] {cout}, bf));
            Node folded = conv.toBuilder().inputs(conv.input(0), wName, bName).outputs(bn.output(0)).build();
            replacedConv.put(conv, folded);
            removedBn.add(bn);
        }
        if (removedBn.isEmpty()) {
            return g;
        }
        List<Node> nodes = new ArrayList<>();
        for (Node n : g.nodes()) {
            if (removedBn.contains(n)) {
                continue;
            }
            nodes.add(replacedConv.getOrDefault(n, n));
        }
        return new RemoveDeadNodes().apply(g.withNodes(nodes).withConstants(constants));
    }

    private static boolean foldable(Node conv, Graph g) {
        if (!conv.opType().equals("Conv") && !(conv.opType().equals("ConvTranspose") && conv.attrInt("group", 1) == 1)) {
            return false;
        }
        Tensor w = g.constants().get(conv.input(1));
        return w != null && w.dtype() == qmap.ir.DType.FLOAT && (!conv.hasInput(2) || g.isConstant(conv.input(2)));
    }

    /** Multiplies each output channel of a weight (axis 0, or axis 1 for ConvTranspose) by its factor. */
    private static Tensor scaleChannels(Tensor w, double[] factor, boolean transposed) {
        float[] v = w.floats();
        float[] out = new float[v.length];
        int[] s = w.shape();
        int inner = v.length / (s[0] * s[1]);
        for (int i = 0; i < v.length; i++) {
            int a0 = i / (s[1] * inner);
            int a1 = (i / inner) % s[1];
            out[i] = (float) (v[i] * factor[transposed ? a1 : a0]);
        }
        return Tensor.ofFloats(s, out);
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
