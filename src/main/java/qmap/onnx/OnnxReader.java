package qmap.onnx;

import ai.onnx.proto.OnnxMl.AttributeProto;
import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.OperatorSetIdProto;
import ai.onnx.proto.OnnxMl.StringStringEntryProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import ai.onnx.proto.OnnxMl.TensorShapeProto;
import ai.onnx.proto.OnnxMl.TypeProto;
import ai.onnx.proto.OnnxMl.ValueInfoProto;
import com.google.protobuf.InvalidProtocolBufferException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import qmap.QmapException;
import qmap.ir.Attribute;
import qmap.ir.DType;
import qmap.ir.Graph;
import qmap.ir.Model;
import qmap.ir.Node;
import qmap.ir.Tensor;
import qmap.ir.TensorType;
import qmap.ir.ValueInfo;

/**
 * Reads an ONNX file into qmap's IR: initializers and Constant nodes become graph constants,
 * initializers listed as inputs are not inputs, nodes are canonicalized (see
 * {@link Canonicalizer}) and sorted topologically.
 */
public final class OnnxReader {
    private OnnxReader() {
    }

    public static Model read(Path file) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new QmapException("model file not found: " + file);
        } catch (IOException e) {
            throw new QmapException("cannot read model file " + file + ": " + e.getMessage(), e);
        }
        Path dir = file.toAbsolutePath().getParent();
        return read(bytes, dir, file.toString());
    }

    /** Parses model bytes; {@code baseDir} resolves external data, {@code source} names the model in errors. */
    public static Model read(byte[] bytes, Path baseDir, String source) {
        ModelProto proto;
        try {
            proto = ModelProto.parseFrom(bytes);
        } catch (InvalidProtocolBufferException e) {
            throw new ModelFormatException(source + " is not a valid ONNX model (protobuf parse failed: "
                    + e.getMessage() + ")", e);
        }
        if (!proto.hasGraph() || proto.getGraph().getNodeCount() == 0 && proto.getGraph().getOutputCount() == 0) {
            throw new ModelFormatException(source + " is not an ONNX model: it has no graph (truncated file or "
                    + "another format?)", null);
        }
        Map<String, Long> opsets = new LinkedHashMap<>();
        for (OperatorSetIdProto o : proto.getOpsetImportList()) {
            String domain = o.getDomain().equals("ai.onnx") ? "" : o.getDomain();
            opsets.put(domain, o.getVersion());
        }
        if (!opsets.containsKey("")) {
            opsets.put("", 1L);
        }
        Map<String, String> meta = new LinkedHashMap<>();
        for (StringStringEntryProto e : proto.getMetadataPropsList()) {
            meta.put(e.getKey(), e.getValue());
        }
        try {
            Graph g = new GraphImport(proto.getGraph(), opsets.get(""), baseDir).run();
            return new Model(g, opsets, proto.getProducerName(), proto.getProducerVersion(), proto.getIrVersion(), meta);
        } catch (QmapException e) {
            throw new ModelFormatException(source + ": " + e.getMessage(), e);
        }
    }

    /** The type of a ValueInfoProto; non-tensor types are UNKNOWN. */
    static TensorType typeOf(ValueInfoProto vi) {
        if (!vi.hasType() || vi.getType().getValueCase() != TypeProto.ValueCase.TENSOR_TYPE) {
            return TensorType.UNKNOWN;
        }
        TypeProto.Tensor t = vi.getType().getTensorType();
        DType dtype = t.getElemType() == 0 ? null : DType.fromOnnx(t.getElemType());
        if (!t.hasShape()) {
            return new TensorType(dtype, null, null);
        }
        TensorShapeProto s = t.getShape();
        int[] dims = new int[s.getDimCount()];
        String[] names = new String[dims.length];
        boolean named = false;
        for (int i = 0; i < dims.length; i++) {
            TensorShapeProto.Dimension d = s.getDim(i);
            if (d.hasDimValue() && d.getDimValue() >= 0) {
                dims[i] = (int) d.getDimValue();
            } else {
                dims[i] = -1;
                if (d.hasDimParam() && !d.getDimParam().isEmpty()) {
                    names[i] = d.getDimParam();
                    named = true;
                }
            }
        }
        return new TensorType(dtype, dims, named ? names : null);
    }

    /** One graph's import, with the state the canonicalizer needs. */
    private static final class GraphImport implements Canonicalizer.Context {
        private final GraphProto g;
        private final long opset;
        private final Path baseDir;
        private final Map<String, Tensor> constants = new LinkedHashMap<>();
        private final Map<String, TensorType> declared = new HashMap<>();
        private final Set<String> usedNames = new HashSet<>();

        GraphImport(GraphProto g, long opset, Path baseDir) {
            this.g = g;
            this.opset = opset;
            this.baseDir = baseDir;
        }

        Graph run() {
            for (TensorProto init : g.getInitializerList()) {
                constants.put(init.getName(), TensorProtos.decode(init, baseDir));
                usedNames.add(init.getName());
            }
            if (g.getSparseInitializerCount() > 0) {
                throw new QmapException("sparse initializers are not supported");
            }
            List<ValueInfo> inputs = new ArrayList<>();
            for (ValueInfoProto vi : g.getInputList()) {
                declared.put(vi.getName(), typeOf(vi));
                usedNames.add(vi.getName());
                if (!constants.containsKey(vi.getName())) {
                    inputs.add(new ValueInfo(vi.getName(), typeOf(vi)));
                }
            }
            for (ValueInfoProto vi : g.getValueInfoList()) {
                declared.put(vi.getName(), typeOf(vi));
            }
            List<ValueInfo> outputs = new ArrayList<>();
            for (ValueInfoProto vi : g.getOutputList()) {
                declared.put(vi.getName(), typeOf(vi));
                outputs.add(new ValueInfo(vi.getName(), typeOf(vi)));
            }
            List<Node> raw = new ArrayList<>();
            for (NodeProto np : g.getNodeList()) {
                usedNames.add(np.getName());
                usedNames.addAll(np.getOutputList());
            }
            Map<String, Integer> opCounts = new HashMap<>();
            for (NodeProto np : sortTopologically(g.getNodeList())) {
                Node node = toNode(np, opCounts);
                if (node.opType().equals("Constant") && node.domain().isEmpty()) {
                    constants.put(node.output(0), constantValue(node));
                    continue;
                }
                raw.addAll(Canonicalizer.canonicalize(node, opset, this));
            }
            Map<String, TensorType> types = new LinkedHashMap<>();
            for (Map.Entry<String, TensorType> e : declared.entrySet()) {
                if (!constants.containsKey(e.getKey())) {
                    types.put(e.getKey(), e.getValue());
                }
            }
            return new Graph(g.getName(), raw, inputs, outputs, constants, types);
        }

        private Node toNode(NodeProto np, Map<String, Integer> opCounts) {
            String name = np.getName();
            if (name.isEmpty()) {
                int k = opCounts.merge(np.getOpType(), 1, Integer::sum) - 1;
                name = freshName(np.getOpType() + "_" + k);
            }
            Map<String, Attribute> attrs = new LinkedHashMap<>();
            for (AttributeProto a : np.getAttributeList()) {
                attrs.put(a.getName(), AttributeProtos.decode(a, baseDir));
            }
            return new Node(name, np.getOpType(), np.getDomain(), np.getInputList(), np.getOutputList(), attrs);
        }

        private Tensor constantValue(Node node) {
            for (Map.Entry<String, Attribute> e : node.attributes().entrySet()) {
                Attribute a = e.getValue();
                switch (e.getKey()) {
                    case "value" -> {
                        return a.asTensor();
                    }
                    case "value_float" -> {
                        return Tensor.scalar(a.asFloat());
                    }
                    case "value_floats" -> {
                        return Tensor.ofFloats(new int[] {a.asFloats().length}, a.asFloats().clone());
                    }
                    case "value_int" -> {
                        return Tensor.scalarLong(a.asInt());
                    }
                    case "value_ints" -> {
                        return Tensor.ofLongs(new int[] {a.asInts().length}, a.asInts().clone());
                    }
                    case "value_string" -> {
                        return Tensor.ofStrings(new int[0], new String[] {a.asString()});
                    }
                    case "value_strings" -> {
                        return Tensor.ofStrings(new int[] {a.asStrings().size()}, a.asStrings().toArray(new String[0]));
                    }
                    default -> { }
                }
            }
            throw new QmapException("Constant node '" + node.name() + "' has no supported value attribute "
                    + "(sparse_value is not supported)");
        }

        @Override
        public int declaredRank(String value) {
            Tensor c = constants.get(value);
            if (c != null) {
                return c.rank();
            }
            TensorType t = declared.get(value);
            return t == null ? -1 : t.rank();
        }

        @Override
        public DType declaredType(String value) {
            Tensor c = constants.get(value);
            if (c != null) {
                return c.dtype();
            }
            TensorType t = declared.get(value);
            return t == null ? null : t.dtype();
        }

        @Override
        public Tensor constant(String value) {
            return constants.get(value);
        }

        @Override
        public String addConstant(String hint, Tensor value) {
            String name = freshName(hint);
            constants.put(name, value);
            return name;
        }

        @Override
        public String freshName(String hint) {
            String name = hint;
            int k = 1;
            while (usedNames.contains(name) || constants.containsKey(name)) {
                name = hint + "__" + k++;
            }
            usedNames.add(name);
            return name;
        }
    }

    /** Kahn's algorithm, stable: nodes keep file order where dependencies allow. */
    static List<NodeProto> sortTopologically(List<NodeProto> nodes) {
        Map<String, Integer> producer = new HashMap<>();
        for (int i = 0; i < nodes.size(); i++) {
            for (String o : nodes.get(i).getOutputList()) {
                if (!o.isEmpty()) {
                    producer.put(o, i);
                }
            }
        }
        int n = nodes.size();
        int[] pending = new int[n];
        List<List<Integer>> dependents = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            dependents.add(new ArrayList<>());
        }
        for (int i = 0; i < n; i++) {
            Set<Integer> deps = new HashSet<>();
            for (String in : nodes.get(i).getInputList()) {
                Integer p = producer.get(in);
                if (p != null && p != i && deps.add(p)) {
                    dependents.get(p).add(i);
                    pending[i]++;
                }
            }
        }
        java.util.PriorityQueue<Integer> ready = new java.util.PriorityQueue<>();
        for (int i = 0; i < n; i++) {
            if (pending[i] == 0) {
                ready.add(i);
            }
        }
        List<NodeProto> out = new ArrayList<>();
        while (!ready.isEmpty()) {
            int i = ready.poll();
            out.add(nodes.get(i));
            for (int d : dependents.get(i)) {
                if (--pending[d] == 0) {
                    ready.add(d);
                }
            }
        }
        if (out.size() != n) {
            throw new QmapException("the graph has a cycle (" + (n - out.size()) + " nodes never become ready)");
        }
        return out;
    }
}
