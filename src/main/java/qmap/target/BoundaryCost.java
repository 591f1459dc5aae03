package qmap.target;

/** A CPU/NPU crossing and its estimated cost (switch plus quantize or dequantize of the tensor). */
public record BoundaryCost(Boundary boundary, double ms) {
}
