package qmap.target;

/**
 * Where one node runs and why. {@code subgraph} is the NPU subgraph index (-1 off the NPU);
 * the types are the activation types at the node's inputs and outputs (int8/int16 on the NPU,
 * float32 on the CPU, "-" when folded).
 */
public record NodePlacement(String name, String op, Unit unit, String reason, int subgraph, String inputType,
                            String outputType) {
}
