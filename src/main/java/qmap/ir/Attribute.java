package qmap.ir;

import java.util.List;

/** A node attribute: one ONNX attribute kind and its value. Lists are unmodifiable. */
public record Attribute(Kind kind, Object value) {
    public enum Kind { FLOAT, INT, STRING, TENSOR, GRAPH, FLOATS, INTS, STRINGS, TENSORS, GRAPHS }

    public static Attribute ofInt(long v) {
        return new Attribute(Kind.INT, v);
    }

    public static Attribute ofFloat(float v) {
        return new Attribute(Kind.FLOAT, v);
    }

    public static Attribute ofString(String v) {
        return new Attribute(Kind.STRING, v);
    }

    public static Attribute ofInts(long... v) {
        return new Attribute(Kind.INTS, v.clone());
    }

    public static Attribute ofFloats(float... v) {
        return new Attribute(Kind.FLOATS, v.clone());
    }

    public static Attribute ofStrings(List<String> v) {
        return new Attribute(Kind.STRINGS, List.copyOf(v));
    }

    public static Attribute ofTensor(Tensor t) {
        return new Attribute(Kind.TENSOR, t);
    }

    public long asInt() {
        return (Long) value;
    }

    public float asFloat() {
        return (Float) value;
    }

    public String asString() {
        return (String) value;
    }

    public long[] asInts() {
        return (long[]) value;
    }

    public float[] asFloats() {
        return (float[]) value;
    }

    @SuppressWarnings("unchecked")
    public List<String> asStrings() {
        return (List<String>) value;
    }

    public Tensor asTensor() {
        return (Tensor) value;
    }

    @SuppressWarnings("unchecked")
    public List<Tensor> asTensors() {
        return (List<Tensor>) value;
    }
}
