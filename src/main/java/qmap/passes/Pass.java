package qmap.passes;

import qmap.ir.Graph;

/** One named graph transformation: a pure function from graph to graph. */
public interface Pass {
    String name();

    Graph apply(Graph graph);
}
