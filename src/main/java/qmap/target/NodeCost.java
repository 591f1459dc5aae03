package qmap.target;

/**
 * The estimated time of one node: {@code ms} on the unit it is placed on, and both estimates
 * ({@code npuMs}, {@code cpuMs}) so a placement can be compared; folded nodes cost 0.
 */
public record NodeCost(String name, String op, Unit unit, double ms, double npuMs, double cpuMs, long macs,
                       long flops, long bytes, OpClass opClass, boolean shapesKnown) {
}
