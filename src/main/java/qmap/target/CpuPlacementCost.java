package qmap.target;

/**
 * What keeping one node on the CPU costs against putting it on the NPU, all else unchanged:
 * {@code deltaMs = cpuMs + boundaryMs - npuMs}, where {@code boundaryMs} is the boundary cost
 * with the node on the CPU minus the boundary cost with it on the NPU. {@code npuMs} is
 * hypothetical when the target cannot run the node ({@code npuCapable} false).
 */
public record CpuPlacementCost(String node, String op, double cpuMs, double npuMs, double boundaryMs,
                               double deltaMs, boolean npuCapable) {
}
