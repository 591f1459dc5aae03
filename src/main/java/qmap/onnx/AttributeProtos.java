package qmap.onnx;

import ai.onnx.proto.OnnxMl.AttributeProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import com.google.protobuf.ByteString;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import qmap.ir.Attribute;
import qmap.ir.Tensor;

/** AttributeProto to and from {@link Attribute}. Subgraph attributes are kept as kind only. */
final class AttributeProtos {
    private AttributeProtos() {
    }

    static Attribute decode(AttributeProto a, Path baseDir) {
        AttributeProto.AttributeType type = a.getType();
        if (type == AttributeProto.AttributeType.UNDEFINED) {
            type = guessType(a);
        }
        return switch (type) {
            case FLOAT -> Attribute.ofFloat(a.getF());
            case INT -> Attribute.ofInt(a.getI());
            case STRING -> Attribute.ofString(a.getS().toString(StandardCharsets.UTF_8));
            case TENSOR -> Attribute.ofTensor(TensorProtos.decode(a.getT(), baseDir));
            case FLOATS -> {
                float[] v = new float[a.getFloatsCount()];
                for (int i = 0; i < v.length; i++) {
                    v[i] = a.getFloats(i);
                }
                yield Attribute.ofFloats(v);
            }
            case INTS -> {
                long[] v = new long[a.getIntsCount()];
                for (int i = 0; i < v.length; i++) {
                    v[i] = a.getInts(i);
                }
                yield Attribute.ofInts(v);
            }
            case STRINGS -> {
                List<String> v = new ArrayList<>();
                for (ByteString s : a.getStringsList()) {
                    v.add(s.toString(StandardCharsets.UTF_8));
                }
                yield Attribute.ofStrings(v);
            }
            case TENSORS -> {
                List<Tensor> v = new ArrayList<>();
                for (TensorProto t : a.getTensorsList()) {
                    v.add(TensorProtos.decode(t, baseDir));
                }
                yield new Attribute(Attribute.Kind.TENSORS, List.copyOf(v));
            }
            case GRAPH -> new Attribute(Attribute.Kind.GRAPH, null);
            case GRAPHS -> new Attribute(Attribute.Kind.GRAPHS, null);
            default -> throw new qmap.QmapException("attribute '" + a.getName() + "' has unsupported type " + type);
        };
    }

    private static AttributeProto.AttributeType guessType(AttributeProto a) {
        if (a.hasF()) {
            return AttributeProto.AttributeType.FLOAT;
        }
        if (a.hasI()) {
            return AttributeProto.AttributeType.INT;
        }
        if (a.hasS()) {
            return AttributeProto.AttributeType.STRING;
        }
        if (a.hasT()) {
            return AttributeProto.AttributeType.TENSOR;
        }
        if (a.hasG()) {
            return AttributeProto.AttributeType.GRAPH;
        }
        if (a.getFloatsCount() > 0) {
            return AttributeProto.AttributeType.FLOATS;
        }
        if (a.getIntsCount() > 0) {
            return AttributeProto.AttributeType.INTS;
        }
        if (a.getStringsCount() > 0) {
            return AttributeProto.AttributeType.STRINGS;
        }
        if (a.getTensorsCount() > 0) {
            return AttributeProto.AttributeType.TENSORS;
        }
        return AttributeProto.AttributeType.INTS;
    }

    static AttributeProto encode(String name, Attribute a) {
        AttributeProto.Builder b = AttributeProto.newBuilder().setName(name);
        switch (a.kind()) {
            case FLOAT -> b.setType(AttributeProto.AttributeType.FLOAT).setF(a.asFloat());
            case INT -> b.setType(AttributeProto.AttributeType.INT).setI(a.asInt());
            case STRING -> b.setType(AttributeProto.AttributeType.STRING).setS(ByteString.copyFromUtf8(a.asString()));
            case TENSOR -> b.setType(AttributeProto.AttributeType.TENSOR).setT(TensorProtos.encode("", a.asTensor()));
            case FLOATS -> {
                b.setType(AttributeProto.AttributeType.FLOATS);
                for (float f : a.asFloats()) {
                    b.addFloats(f);
                }
            }
            case INTS -> {
                b.setType(AttributeProto.AttributeType.INTS);
                for (long i : a.asInts()) {
                    b.addInts(i);
                }
            }
            case STRINGS -> {
                b.setType(AttributeProto.AttributeType.STRINGS);
                for (String s : a.asStrings()) {
                    b.addStrings(ByteString.copyFromUtf8(s));
                }
            }
            case TENSORS -> {
                b.setType(AttributeProto.AttributeType.TENSORS);
                for (Tensor t : a.asTensors()) {
                    b.addTensors(TensorProtos.encode("", t));
                }
            }
            default -> throw new IllegalArgumentException("cannot write subgraph attribute '" + name + "'");
        }
        return b.build();
    }
}
