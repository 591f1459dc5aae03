package qmap.kernels;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiPredicate;
import java.util.function.Function;
import java.util.function.IntFunction;
import java.util.function.IntPredicate;
import qmap.ir.Graph;
import qmap.ir.Node;
import qmap.ops.Operator;

/**
 * The mechanics that the float {@link Fusion} and the integer runtime's fusion share: the readers
 * of each value, growing a chain from a node, checking that a chain's intermediate values are read
 * only inside it, claiming the longest prefix that fuses, and the plan of fused and plain steps.
 * What may join a chain and what a fused step runs is each fusion's own.
 */
public final class Chains {
    private final List<Node> nodes;
    private final Map<String, List<Integer>> consumers = new HashMap<>();
    private final Set<String> graphOutputs = new HashSet<>();
    private final boolean[] claimed;
    private final Map<Integer, Fusion.Step> fusedAt = new HashMap<>();

    /** @param nodes the graph's nodes, or an earlier plan's, in run order */
    public Chains(Graph graph, List<Node> nodes) {
        this.nodes = nodes;
        for (int i = 0; i < nodes.size(); i++) {
            for (String in : nodes.get(i).inputs()) {
                if (!in.isEmpty()) {
                    consumers.computeIfAbsent(in, k -> new ArrayList<>()).add(i);
                }
            }
        }
        graph.outputs().forEach(o -> graphOutputs.add(o.name()));
        claimed = new boolean[nodes.size()];
    }

    public boolean claimed(int i) {
        return claimed[i];
    }

    public boolean isGraphOutput(String value) {
        return graphOutputs.contains(value);
    }

    /** The indices of the nodes reading {@code value}. */
    public List<Integer> readers(String value) {
        return consumers.getOrDefault(value, List.of());
    }

    /**
     * The chain from node {@code start} (included or not): in order, each later node that reads a
     * value the chain computes (start's output included) joins it while it is not claimed and
     * {@code joins} accepts it given the chain's values so far (x among them); growth stops at the
     * first reader that cannot join.
     */
    public List<Integer> grow(int start, String x, boolean includeStart, BiPredicate<Integer, Set<String>> joins) {
        Set<String> produced = new HashSet<>();
        Set<String> inside = new HashSet<>();
        inside.add(x);
        List<Integer> chain = new ArrayList<>();
        if (includeStart) {
            chain.add(start);
        }
        produced.add(nodes.get(start).output(0));
        inside.add(nodes.get(start).output(0));
        for (int j = start + 1; j < nodes.size(); j++) {
            Node n = nodes.get(j);
            if (n.inputs().stream().noneMatch(produced::contains)) {
                continue;
            }
            if (claimed[j] || !joins.test(j, inside)) {
                break;
            }
            chain.add(j);
            produced.add(n.output(0));
            inside.add(n.output(0));
        }
        return chain;
    }

    /**
     * Whether the chain's intermediate values (and start's output, when start is not in the chain:
     * the convolution it follows) are graph outputs or read outside start and the chain.
     */
    public boolean readOnlyInside(int start, List<Integer> chain) {
        Set<Integer> members = new HashSet<>(chain);
        members.add(start);
        List<String> intermediate = new ArrayList<>();
        if (!chain.contains(start)) {
            intermediate.add(nodes.get(start).output(0));
        }
        for (int k = 0; k < chain.size() - 1; k++) {
            intermediate.add(nodes.get(chain.get(k)).output(0));
        }
        for (String v : intermediate) {
            if (graphOutputs.contains(v) || !members.containsAll(readers(v))) {
                return false;
            }
        }
        return true;
    }

    /**
     * Fuses the longest prefix of {@code chain} that is still {@code worth} fusing (by its size)
     * and for which {@code step} gives a step (null: it does not fuse); the step is recorded at
     * the prefix's last node, start and the prefix claimed.
     */
    public void fuseLongest(int start, List<Integer> chain, IntPredicate worth,
                            Function<List<Integer>, Fusion.Step> step) {
        while (worth.test(chain.size())) {
            Fusion.Step s = step.apply(chain);
            if (s != null) {
                claim(start, chain, s);
                return;
            }
            chain.remove(chain.size() - 1);
        }
    }

    /** Records {@code step} at the last of {@code members}, start and members claimed. */
    public void claim(int start, List<Integer> members, Fusion.Step step) {
        claimed[start] = true;
        members.forEach(j -> claimed[j] = true);
        fusedAt.put(members.get(members.size() - 1), step);
    }

    /** The step recorded at node i, or null. */
    public Fusion.Step stepAt(int i) {
        return fusedAt.get(i);
    }

    /** The step recorded at node {@code from} replaced by {@code step} at node {@code to}, which is claimed. */
    public void move(int from, int to, Fusion.Step step) {
        fusedAt.remove(from);
        claimed[to] = true;
        fusedAt.put(to, step);
    }

    /** The plan: each fused step where its last node was, the unclaimed nodes as they are. */
    public List<Fusion.Step> steps(IntFunction<Operator> op) {
        List<Fusion.Step> steps = new ArrayList<>();
        for (int i = 0; i < nodes.size(); i++) {
            Fusion.Step fused = fusedAt.get(i);
            if (fused != null) {
                steps.add(fused);
            } else if (!claimed[i]) {
                steps.add(new Fusion.Step(nodes.get(i), op.apply(i)));
            }
        }
        return steps;
    }
}
