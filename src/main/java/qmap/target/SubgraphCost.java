package qmap.target;

/** The estimated NPU time of one subgraph: the sum of its nodes. */
public record SubgraphCost(int index, int nodeCount, double ms, long macs, long bytes) {
}
