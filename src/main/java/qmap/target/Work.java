package qmap.target;

/**
 * How much a node computes and moves: {@code macs} (multiply-accumulates for Conv, MatMul and
 * Gemm; element operations for the rest), {@code flops} as a float CPU kernel would execute them,
 * and {@code bytes} read and written at the given activation width (weights int8, bias int32).
 * {@code shapesKnown} is false when an unknown shape made a count zero.
 */
public record Work(OpClass opClass, long macs, long flops, long bytes, boolean shapesKnown) {
}
