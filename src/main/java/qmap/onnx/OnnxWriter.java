package qmap.onnx;

import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.OperatorSetIdProto;
import ai.onnx.proto.OnnxMl.StringStringEntryProto;
import ai.onnx.proto.OnnxMl.TensorShapeProto;
import ai.onnx.proto.OnnxMl.TypeProto;
import ai.onnx.proto.OnnxMl.ValueInfoProto;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import qmap.ir.Attribute;
import qmap.ir.Graph;
import qmap.ir.Model;
import qmap.ir.Node;
import qmap.ir.Tensor;
import qmap.ir.TensorType;
import qmap.ir.ValueInfo;

/**
 * Writes the IR as an ONNX model in one modern opset ({@link #OPSET}, or the source's if newer):
 * canonical nodes are already in that form; constants become initializers.
 */
public final class OnnxWriter {
    /** The ai.onnx opset qmap writes: 21 has int16 QuantizeLinear and per-axis quantization. */
    public static final long OPSET = 21;
    private static final long IR_VERSION = 10;

    private OnnxWriter() {
    }

    public static ModelProto toProto(Model model) {
        long opset = Math.max(OPSET, model.defaultOpset());
        ModelProto.Builder m = ModelProto.newBuilder()
                .setIrVersion(Math.max(IR_VERSION, opset > OPSET ? model.irVersion() : IR_VERSION))
                .setProducerName("qmap")
                .setProducerVersion(qmap.Version.VERSION)
                .addOpsetImport(OperatorSetIdProto.newBuilder().setDomain("").setVersion(opset));
        for (Map.Entry<String, Long> e : model.opsets().entrySet()) {
            if (!e.getKey().isEmpty()) {
                m.addOpsetImport(OperatorSetIdProto.newBuilder().setDomain(e.getKey()).setVersion(e.getValue()));
            }
        }
        for (Map.Entry<String, String> e : model.metadata().entrySet()) {
            m.addMetadataProps(StringStringEntryProto.newBuilder().setKey(e.getKey()).setValue(e.getValue()));
        }
        return m.setGraph(toProto(model.graph())).build();
    }

    static GraphProto toProto(Graph g) {
        GraphProto.Builder b = GraphProto.newBuilder().setName(g.name().isEmpty() ? "qmap" : g.name());
        for (Map.Entry<String, Tensor> c : g.constants().entrySet()) {
            b.addInitializer(TensorProtos.encode(c.getKey(), c.getValue()));
        }
        Set<String> declared = new HashSet<>();
        for (ValueInfo in : g.inputs()) {
            b.addInput(valueInfo(in.name(), in.type()));
            declared.add(in.name());
        }
        for (ValueInfo out : g.outputs()) {
            b.addOutput(valueInfo(out.name(), out.type()));
            declared.add(out.name());
        }
        for (Node n : g.nodes()) {
            NodeProto.Builder nb = NodeProto.newBuilder().setName(n.name()).setOpType(n.opType())
                    .setDomain(n.domain()).addAllInput(n.inputs()).addAllOutput(n.outputs());
            for (Map.Entry<String, Attribute> a : n.attributes().entrySet()) {
                nb.addAttribute(AttributeProtos.encode(a.getKey(), a.getValue()));
            }
            b.addNode(nb);
            for (String o : n.outputs()) {
                TensorType t = g.valueTypes().get(o);
                if (!o.isEmpty() && !declared.contains(o) && t != null && t.dtype() != null) {
                    b.addValueInfo(valueInfo(o, t));
                    declared.add(o);
                }
            }
        }
        return b.build();
    }

    private static ValueInfoProto valueInfo(String name, TensorType t) {
        ValueInfoProto.Builder vi = ValueInfoProto.newBuilder().setName(name);
        if (t == null || t.dtype() == null) {
            return vi.build();
        }
        TypeProto.Tensor.Builder tt = TypeProto.Tensor.newBuilder().setElemType(t.dtype().onnxCode());
        if (t.hasRank()) {
            TensorShapeProto.Builder s = TensorShapeProto.newBuilder();
            for (int i = 0; i < t.rank(); i++) {
                int d = t.dims()[i];
                if (d >= 0) {
                    s.addDim(TensorShapeProto.Dimension.newBuilder().setDimValue(d));
                } else if (t.dimNames() != null && t.dimNames()[i] != null) {
                    s.addDim(TensorShapeProto.Dimension.newBuilder().setDimParam(t.dimNames()[i]));
                } else {
                    s.addDim(TensorShapeProto.Dimension.newBuilder());
                }
            }
            tt.setShape(s);
        }
        return vi.setType(TypeProto.newBuilder().setTensorType(tt)).build();
    }

    public static byte[] toBytes(Model model) {
        return toProto(model).toByteArray();
    }

    /** Writes atomically: no half-written model is left behind. */
    public static void write(Model model, Path file) {
        qmap.io.AtomicFiles.write(file, toBytes(model));
    }
}
