package qmap.ir;

/** A named graph input or output with what is known of its type. */
public record ValueInfo(String name, TensorType type) {
}
