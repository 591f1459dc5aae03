package qmap.target;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import qmap.ir.Graph;
import qmap.ir.Node;
import qmap.ir.Shapes;
import qmap.ir.TensorType;
import qmap.ir.ValueInfo;

/**
 * Splits the NPU nodes of a placed graph into subgraphs and finds the tensors that cross
 * between CPU and NPU. Folded nodes are transparent: a value passes through them unchanged.
 *
 * <p>Connected NPU nodes share a subgraph only if as many CPU hops lie upstream of each
 * ("level"), so no subgraph waits on a CPU node that itself waits on the same subgraph.
 */
final class SubgraphPartition {
    record Result(Map<String, Integer> subgraphOf, List<Subgraph> subgraphs, List<Boundary> boundaries,
                  List<Boundary> modelEdges) {
    }

    private record Source(String value, Node producer) {
    }

    private final Graph graph;
    private final Map<String, Unit> units;
    private final Map<String, Node> producers;

    private SubgraphPartition(Graph graph, Map<String, Unit> units) {
        this.graph = graph;
        this.units = units;
        this.producers = graph.producers();
    }

    static Result of(Graph graph, Map<String, Unit> units) {
        return new SubgraphPartition(graph, units).run();
    }

    private Result run() {
        Map<String, Integer> level = new HashMap<>();
        Map<String, String> parent = new HashMap<>();
        for (Node n : graph.nodes()) {
            if (unit(n) == Unit.FOLDED) {
                continue;
            }
            int lv = 0;
            for (Source s : sources(n)) {
                lv = Math.max(lv, level.get(s.producer.name())
                        + (unit(s.producer) == Unit.CPU && unit(n) == Unit.NPU ? 1 : 0));
            }
            level.put(n.name(), lv);
            parent.put(n.name(), n.name());
            for (Source s : sources(n)) {
                if (unit(n) == Unit.NPU && unit(s.producer) == Unit.NPU && level.get(s.producer.name()) == lv) {
                    parent.put(root(parent, s.producer.name()), root(parent, n.name()));
                }
            }
        }
        Map<String, Integer> indexOfRoot = new LinkedHashMap<>();
        Map<String, Integer> subgraphOf = new LinkedHashMap<>();
        List<List<String>> members = new ArrayList<>();
        for (Node n : graph.nodes()) {
            if (unit(n) == Unit.NPU) {
                int idx = indexOfRoot.computeIfAbsent(root(parent, n.name()), r -> {
                    members.add(new ArrayList<>());
                    return members.size() - 1;
                });
                subgraphOf.put(n.name(), idx);
                members.get(idx).add(n.name());
            }
        }
        List<Subgraph> subgraphs = new ArrayList<>();
        for (int i = 0; i < members.size(); i++) {
            subgraphs.add(new Subgraph(i, members.get(i)));
        }
        return new Result(subgraphOf, subgraphs, crossings(), modelEdges());
    }

    private List<Boundary> crossings() {
        Map<String, Boundary> found = new LinkedHashMap<>();
        for (Node n : graph.nodes()) {
            if (unit(n) == Unit.FOLDED) {
                continue;
            }
            for (Source s : sources(n)) {
                Unit from = unit(s.producer);
                if (from != unit(n)) {
                    found.putIfAbsent(s.value + "->" + unit(n), new Boundary(s.value, s.producer.name(), from, unit(n),
                            elements(s.value), false));
                }
            }
        }
        return new ArrayList<>(found.values());
    }

    private List<Boundary> modelEdges() {
        Map<String, Boundary> found = new LinkedHashMap<>();
        for (Node n : graph.nodes()) {
            if (unit(n) != Unit.NPU) {
                continue;
            }
            for (String in : n.inputs()) {
                Source s = resolve(in);
                if (!in.isEmpty() && s.producer == null && isModelInput(s.value)) {
                    found.putIfAbsent(s.value, new Boundary(s.value, "", Unit.CPU, Unit.NPU, elements(s.value), true));
                }
            }
        }
        for (ValueInfo out : graph.outputs()) {
            Source s = resolve(out.name());
            if (s.producer != null && unit(s.producer) == Unit.NPU) {
                found.putIfAbsent(out.name(), new Boundary(out.name(), s.producer.name(), Unit.NPU, Unit.CPU,
                        elements(s.value), true));
            }
        }
        return new ArrayList<>(found.values());
    }

    /** The producing (non-folded) nodes of a node's inputs. */
    private List<Source> sources(Node n) {
        List<Source> out = new ArrayList<>();
        for (String in : n.inputs()) {
            Source s = in.isEmpty() ? null : resolve(in);
            if (s != null && s.producer != null) {
                out.add(s);
            }
        }
        return out;
    }

    /** Follows a value back through folded nodes (their first non-constant input) to a real producer. */
    private Source resolve(String value) {
        Node p = producers.get(value);
        while (p != null && unit(p) == Unit.FOLDED) {
            String next = null;
            for (String in : p.inputs()) {
                if (!in.isEmpty() && !graph.isConstant(in)) {
                    next = in;
                    break;
                }
            }
            if (next == null) {
                return new Source(value, null);
            }
            value = next;
            p = producers.get(value);
        }
        return new Source(value, p);
    }

    private boolean isModelInput(String value) {
        return graph.inputs().stream().anyMatch(v -> v.name().equals(value));
    }

    private long elements(String value) {
        TensorType t = graph.typeOf(value);
        return t.isStatic() ? Shapes.size(t.dims()) : -1;
    }

    private Unit unit(Node n) {
        return units.get(n.name());
    }

    private static String root(Map<String, String> parent, String x) {
        while (!parent.get(x).equals(x)) {
            parent.put(x, parent.get(parent.get(x)));
            x = parent.get(x);
        }
        return x;
    }
}
