package qmap.passes;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import qmap.ir.Graph;
import qmap.ir.Node;
import qmap.ir.ValueInfo;

/**
 * Removes Identity and inference-mode Dropout nodes: consumers read the input directly. When
 * the removed node's output is a graph output, the producer of its input is renamed instead,
 * so graph output names never change; the node is kept when that is impossible (its input is a
 * graph input, a constant, or another graph output).
 */
public final class RemoveIdentities implements Pass {
    @Override
    public String name() {
        return "remove-identities";
    }

    @Override
    public Graph apply(Graph g) {
        Set<String> graphOutputs = new HashSet<>();
        for (ValueInfo o : g.outputs()) {
            graphOutputs.add(o.name());
        }
        Map<String, Node> producers = g.producers();
        Map<String, Integer> uses = new HashMap<>();
        for (Node n : g.nodes()) {
            for (String in : n.inputs()) {
                uses.merge(in, 1, Integer::sum);
            }
        }
        Map<String, String> replace = new HashMap<>();   // value -> value that stands for it
        Map<String, String> renameOutput = new HashMap<>(); // producer output -> graph output name
        Set<Node> removed = new HashSet<>();
        for (Node n : g.nodes()) {
            if (!isIdentity(n)) {
                continue;
            }
            String in = resolve(replace, n.input(0));
            String out = n.output(0);
            if (!graphOutputs.contains(out)) {
                replace.put(out, in);
                removed.add(n);
            } else if (producers.containsKey(in) && !graphOutputs.contains(in) && uses.getOrDefault(in, 0) == 1
                    && !renameOutput.containsKey(in)) {
                renameOutput.put(in, out);
                removed.add(n);
            }
        }
        List<Node> kept = new ArrayList<>();
        for (Node n : g.nodes()) {
            if (removed.contains(n)) {
                continue;
            }
            Node.Builder b = n.toBuilder();
            List<String> ins = new ArrayList<>();
            for (String in : n.inputs()) {
                String r = in.isEmpty() ? in : resolve(replace, in);
                ins.add(renameOutput.getOrDefault(r, r));
            }
            List<String> outs = new ArrayList<>();
            for (String o : n.outputs()) {
                outs.add(renameOutput.getOrDefault(o, o));
            }
            kept.add(b.inputs(ins).outputs(outs).build());
        }
        return g.withNodes(kept);
    }

    private static boolean isIdentity(Node n) {
        if (!n.domain().isEmpty()) {
            return false;
        }
        if (n.opType().equals("Identity")) {
            return true;
        }
        // Dropout is the identity at inference unless training_mode is given; its mask output must be unused
        return n.opType().equals("Dropout") && !n.hasInput(2) && (n.outputs().size() < 2 || n.output(1).isEmpty());
    }

    private static String resolve(Map<String, String> replace, String v) {
        String r = v;
        while (replace.containsKey(r)) {
            r = replace.get(r);
        }
        return r;
    }
}
