package qmap.build;

/**
 * One line of the per-node table: where the node runs, its output's cosine to the float model
 * (accumulated), its local cosine (alone quantized), the output threshold and data type.
 * NaN figures print as "-".
 */
public record NodeRow(String node, String op, String on, String reason, int subgraph, String dtype, double cosine,
                      double localCosine, double threshold, String method) {
}
