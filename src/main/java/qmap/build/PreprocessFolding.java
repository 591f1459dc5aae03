package qmap.build;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import qmap.QmapException;
import qmap.ir.Attribute;
import qmap.ir.DType;
import qmap.ir.Graph;
import qmap.ir.Node;
import qmap.ir.Tensor;
import qmap.ir.TensorType;
import qmap.ir.ValueInfo;

/**
 * Folds input preprocessing into the graph: each input becomes its runtime format (uint8 for
 * image types, in the runtime layout), followed by Cast, layout Transpose, colour conversion and
 * the mean/scale normalization. The value after colour conversion, before normalization, is the
 * training-format tensor where calibration samples enter ({@link Result#calibrationEntries}).
 */
public final class PreprocessFolding {
    /**
     * The folded graph; per input, the value holding the training-format tensor (where calibration
     * samples enter) and the value at the end of preprocessing (what the user's model reads).
     */
    public record Result(Graph graph, Map<String, String> calibrationEntries, Map<String, String> preprocessed,
                         List<String> preprocessNodes) {
    }

    private PreprocessFolding() {
    }

    public static Result apply(Graph g, List<InputFormat> formats) {
        Map<String, Tensor> constants = new LinkedHashMap<>(g.constants());
        List<Node> nodes = new ArrayList<>();
        List<String> preprocessNodes = new ArrayList<>();
        Map<String, String> rename = new LinkedHashMap<>();
        Map<String, String> entries = new LinkedHashMap<>();
        Map<String, String> preprocessed = new LinkedHashMap<>();
        List<ValueInfo> inputs = new ArrayList<>();
        for (ValueInfo in : g.inputs()) {
            InputFormat f = formats.stream().filter(x -> x.name().equals(in.name())).findFirst().orElse(null);
            if (f == null) {
                inputs.add(in);
                entries.put(in.name(), in.name());
                preprocessed.put(in.name(), in.name());
                continue;
            }
            Chain c = new Chain(in.name(), nodes, constants, preprocessNodes);
            DType rtType = f.isImage() ? DType.UINT8 : DType.FLOAT;
            inputs.add(new ValueInfo(in.name(), TensorType.of(rtType, f.runtimeShape())));
            if (rtType != DType.FLOAT) {
                c.then(Node.builder("Cast").attr("to", Attribute.ofInt(DType.FLOAT.onnxCode())), "float");
            }
            if (f.shape().length == 4 && !f.layoutTrain().equals(f.layoutRt())) {
                long[] perm = f.layoutRt().equals("NHWC") ? new long[] {0, 3, 1, 2} : new long[] {0, 2, 3, 1};
                c.then(Node.builder("Transpose").attr("perm", Attribute.ofInts(perm)), f.layoutTrain().toLowerCase());
            }
            convertColour(c, f);
            entries.put(in.name(), c.current);
            int channels = f.layoutTrain().equals("NHWC") ? f.shape()[3] : f.shape()[1];
            if (f.subtractsMean()) {
                c.thenWith("Sub", perChannel(f.mean(), channels, f), "mean_subtracted");
            }
            if (f.scales()) {
                c.thenWith("Mul", perChannel(f.scale(), channels, f), "normalized");
            }
            preprocessed.put(in.name(), c.current);
            if (!c.current.equals(in.name())) {
                rename.put(in.name(), c.current);
            }
        }
        for (Node n : g.nodes()) {
            List<String> ins = new ArrayList<>();
            for (String i : n.inputs()) {
                ins.add(rename.getOrDefault(i, i));
            }
            nodes.add(n.toBuilder().inputs(ins).build());
        }
        Graph out = new Graph(g.name(), nodes, inputs, g.outputs(), constants, Map.of());
        return new Result(out, entries, preprocessed, preprocessNodes);
    }

    private static void convertColour(Chain c, InputFormat f) {
        String from = f.typeRt();
        String to = f.typeTrain();
        if (from.equals(to) || !f.isImage()) {
            return;
        }
        int axis = f.layoutTrain().equals("NHWC") ? 3 : 1;
        if ((from.equals("bgr") && to.equals("rgb")) || (from.equals("rgb") && to.equals("bgr"))) {
            c.thenWith(Node.builder("Gather").attr("axis", Attribute.ofInt(axis)),
                    Tensor.ofLongs(new int[] {3}, 2, 1, 0), to);
            return;
        }
        throw new QmapException("input '" + f.name() + "': conversion from runtime type " + from + " to training type "
                + to + " is not supported yet (supported: equal types, rgb <-> bgr)");
    }

    private static Tensor perChannel(float[] values, int channels, InputFormat f) {
        float[] v = new float[channels];
        for (int i = 0; i < channels; i++) {
            v[i] = values.length == 1 ? values[0] : values[i];
        }
        int[] shape = f.layoutTrain().equals("NHWC") ? new int[] {1, 1, 1, channels} : new int[] {1, channels, 1, 1};
        if (f.shape().length != 4) {
            shape = new int[] {channels};
        }
        return Tensor.ofFloats(shape, v);
    }

    /** Appends nodes one after another from an input value. */
    private static final class Chain {
        private final String input;
        private final List<Node> nodes;
        private final Map<String, Tensor> constants;
        private final List<String> names;
        private String current;

        Chain(String input, List<Node> nodes, Map<String, Tensor> constants, List<String> names) {
            this.input = input;
            this.current = input;
            this.nodes = nodes;
            this.constants = constants;
            this.names = names;
        }

        void then(Node.Builder b, String suffix) {
            String out = input + "_" + suffix;
            Node n = b.name("preprocess_" + out).inputs(current).outputs(out).build();
            nodes.add(n);
            names.add(n.name());
            current = out;
        }

        void thenWith(String opType, Tensor operand, String suffix) {
            thenWith(Node.builder(opType), operand, suffix);
        }

        void thenWith(Node.Builder b, Tensor operand, String suffix) {
            String out = input + "_" + suffix;
            String constName = out + "_operand";
            constants.put(constName, operand);
            Node n = b.name("preprocess_" + out).inputs(current, constName).outputs(out).build();
            nodes.add(n);
            names.add(n.name());
            current = out;
        }
    }
}
