package qmap.target;

import java.util.List;

/** A connected run of NPU nodes executed as one unit, numbered in topological order. */
public record Subgraph(int index, List<String> nodes) {
    public Subgraph {
        nodes = List.copyOf(nodes);
    }
}
