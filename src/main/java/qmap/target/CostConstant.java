package qmap.target;

/** A cost-model number and where it comes from (a public figure, or an estimate and its basis). */
public record CostConstant(double value, String source) {
}
