package qmap.passes;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import qmap.ir.Graph;
import qmap.ir.Node;
import qmap.ir.ValueInfo;

/**
 * The float graph behind a QDQ model: each QuantizeLinear/DequantizeLinear pair on an
 * activation is bypassed, and a DequantizeLinear of a constant integer weight is replaced by
 * that constant (its shape is what shape-based analyses need; its values are not float).
 */
public final class StripQdq implements Pass {
    @Override
    public String name() {
        return "strip-qdq";
    }

    @Override
    public Graph apply(Graph g) {
        Map<String, String> source = new HashMap<>();
        java.util.Set<String> outputs = new java.util.HashSet<>();
        for (ValueInfo o : g.outputs()) {
            outputs.add(o.name());
        }
        List<Node> kept = new ArrayList<>();
        Map<String, String> renameOutput = new HashMap<>();
        for (Node n : g.nodes()) {
            boolean q = n.opType().equals("QuantizeLinear") || n.opType().equals("DequantizeLinear");
            if (q && n.domain().isEmpty()) {
                String in = source.getOrDefault(n.input(0), n.input(0));
                if (outputs.contains(n.output(0))) {
                    renameOutput.put(in, n.output(0));
                } else {
                    source.put(n.output(0), in);
                }
                continue;
            }
            List<String> ins = new ArrayList<>();
            for (String i : n.inputs()) {
                ins.add(source.getOrDefault(i, i));
            }
            kept.add(n.toBuilder().inputs(ins).build());
        }
        if (!renameOutput.isEmpty()) {
            List<Node> renamed = new ArrayList<>();
            for (Node n : kept) {
                List<String> outs = new ArrayList<>();
                for (String o : n.outputs()) {
                    outs.add(renameOutput.getOrDefault(o, o));
                }
                List<String> ins = new ArrayList<>();
                for (String i : n.inputs()) {
                    ins.add(renameOutput.getOrDefault(i, i));
                }
                renamed.add(n.toBuilder().inputs(ins).outputs(outs).build());
            }
            kept = renamed;
        }
        return new RemoveDeadNodes().apply(g.withNodes(kept));
    }
}
