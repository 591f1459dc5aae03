package qmap.quant;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import qmap.ir.Attribute;
import qmap.ir.DType;
import qmap.ir.Node;
import qmap.ir.Tensor;
import qmap.ir.TensorType;
import qmap.quant.QdqOperands.OutputQuant;
import qmap.quant.QdqOperands.Quantized;
import qmap.quant.QdqOperands.QuantizedConstant;
import qmap.quant.integer.IntegerOps;
import qmap.quant.integer.RequantMode;

/**
 * Lowers one float node of a QDQ graph (see {@link IntegerLowering}): matches its inputs and
 * output quantization and builds the integer node(s) that replace it together with the output
 * QuantizeLinear (and a fused Relu/Clip), or says why it stays in float form.
 */
final class NodeLowering {
    private final Node n;
    private final QdqOperands qdq;
    private final Map<String, Tensor> constants;
    private final RequantMode mode;
    private final LookupTables tables;
    private final List<String> absorbed = new ArrayList<>();
    private String reason = "";

    NodeLowering(Node n, QdqOperands qdq, Map<String, Tensor> constants, RequantMode mode, LookupTables tables) {
        this.n = n;
        this.qdq = qdq;
        this.constants = constants;
        this.mode = mode;
        this.tables = tables;
    }

    String reason() {
        return reason;
    }

    /** Names of the nodes the replacement also stands for (the output Q, a fused activation). */
    List<String> absorbed() {
        return absorbed;
    }

    /** The integer nodes replacing this node and its output Q, or null (see {@link #reason}). */
    List<Node> lower() {
        if (n.outputs().size() != 1) {
            return no("more than one output");
        }
        Node act = null;
        OutputQuant oq = qdq.outputQuant(n.output(0));
        if (oq == null && IntegerLowering.isFusing(n.opType())) {
            Node r = qdq.onlyReader(n.output(0));
            if (r != null && (QdqOperands.isDefault(r, "Relu") || QdqOperands.isDefault(r, "Clip"))
                    && r.input(0).equals(n.output(0)) && constantBounds(r)) {
                oq = qdq.outputQuant(r.output(0));
                act = oq == null ? null : r;
            }
        }
        if (oq == null) {
            return no("its output is not quantized by one QuantizeLinear");
        }
        List<Node> out = switch (n.opType()) {
            case "Conv" -> conv(oq, act);
            case "ConvTranspose" -> convTranspose(oq, act);
            case "MatMul", "Gemm" -> matMul(oq, act);
            case "Add", "Sub", "Mul" -> binary(oq, act);
            case "GlobalAveragePool", "AveragePool" -> act == null ? pool(oq) : null;
            case "ReduceMean", "ReduceSum" -> act == null ? reduce(oq) : null;
            default -> null;
        };
        if (out == null && act == null && IntegerLowering.isTableOp(n.opType())) {
            out = table(oq);
        }
        if (out == null && act == null && IntegerLowering.isMovement(n.opType())) {
            out = movement(oq);
        }
        if (out == null) {
            return no(reason.isEmpty() ? "no integer form for this pattern" : reason);
        }
        absorbed.add(oq.quantize().name());
        if (act != null) {
            absorbed.add(act.name());
        }
        return out;
    }

    private List<Node> conv(OutputQuant oq, Node act) {
        Quantized x = qdq.activation(n.input(0));
        if (x == null) {
            return no("X is not a dequantized activation");
        }
        QuantizedConstant w = qdq.constant(n.input(1));
        Quantized dynamic = w == null ? qdq.activation(n.input(1)) : null;
        Node.Builder b = Node.builder("QConv").domain(IntegerOps.DOMAIN).name(n.name()).attributes(n.attributes());
        float[] ws;
        String weight;
        if (w != null) {
            if (w.data().dtype() != DType.INT8 || w.data().rank() != 4 || w.axis() > 0) {
                return no("W is not int8 2-D weights per output channel");
            }
            ws = w.scales();
            weight = w.value();
            b.attr("w_zero_point", Attribute.ofInt(w.zeroPoint()));
        } else if (dynamic != null && dynamic.type() == DType.INT8 && typeRank(n.input(1)) == 4) {
            ws = new float[] {dynamic.scale()};
            weight = dynamic.value();
            b.attr("w_zero_point", Attribute.ofInt(dynamic.zeroPoint()));
        } else {
            return no("W is neither quantized int8 weights nor a dequantized int8 activation");
        }
        List<String> ins = new ArrayList<>(List.of(x.value(), weight));
        if (n.inputs().size() > 2 && !n.input(2).isEmpty()) {
            String bias = bias(n.input(2), x, ws);
            if (bias == null) {
                return no("B is not a constant");
            }
            ins.add(bias);
        }
        b.inputs(ins).outputs(oq.quantized().value()).attr("w_scale", Attribute.ofFloats(ws));
        IntegerLowering.quantAttrs(b, "x", x);
        IntegerLowering.outputAttrs(b, oq.quantized(), IntegerLowering.fusedRange(act, qdq, oq.quantized()), mode);
        return List.of(b.build());
    }

    private List<Node> convTranspose(OutputQuant oq, Node act) {
        Quantized x = qdq.activation(n.input(0));
        QuantizedConstant w = qdq.constant(n.input(1));
        if (x == null || typeRank(n.input(0)) != 4) {
            return no("X is not a dequantized 4-D activation");
        }
        if (w == null || w.data().dtype() != DType.INT8 || w.data().rank() != 4 || w.axis() >= 0 && w.axis() != 1) {
            return no("W is not int8 2-D weights per output channel (axis 1)");
        }
        int groupMaps = w.data().dim(1);
        int maps = groupMaps * (int) n.attrInt("group", 1);
        // one scale per output map: map m reads the scale of its column m % groupMaps
        float[] ws = w.scales().length == 1 ? w.scales() : new float[maps];
        for (int m = 0; ws.length > 1 && m < maps; m++) {
            ws[m] = w.scales()[m % groupMaps];
        }
        List<String> ins = new ArrayList<>(List.of(x.value(), w.value()));
        if (n.inputs().size() > 2 && !n.input(2).isEmpty()) {
            String bias = bias(n.input(2), x, ws);
            if (bias == null) {
                return no("B is not a constant");
            }
            ins.add(bias);
        }
        Node.Builder b = Node.builder("QConvTranspose").domain(IntegerOps.DOMAIN).name(n.name())
                .attributes(n.attributes()).inputs(ins).outputs(oq.quantized().value())
                .attr("w_scale", Attribute.ofFloats(ws)).attr("w_zero_point", Attribute.ofInt(w.zeroPoint()));
        IntegerLowering.quantAttrs(b, "x", x);
        IntegerLowering.outputAttrs(b, oq.quantized(), IntegerLowering.fusedRange(act, qdq, oq.quantized()), mode);
        return List.of(b.build());
    }

    private List<Node> matMul(OutputQuant oq, Node act) {
        boolean gemm = n.opType().equals("Gemm");
        if (gemm && (n.attrInt("transA", 0) != 0 || n.attrFloat("alpha", 1f) != 1f || n.attrFloat("beta", 1f) != 1f)) {
            return no("Gemm with transA, alpha or beta");
        }
        Quantized a = qdq.activation(n.input(0));
        QuantizedConstant w = qdq.constant(n.input(1));
        boolean transB = gemm && n.attrInt("transB", 0) != 0;
        if (!gemm && w == null && a != null) {
            return activationProduct(a, oq, act);
        }
        if (a == null || w == null || w.data().dtype() != DType.INT8 || w.data().rank() != 2
                || w.axis() >= 0 && w.axis() != (transB ? 0 : 1)) {
            return no("needs a dequantized activation times int8 2-D weights per output column");
        }
        Node.Builder b = Node.builder("QMatMul").domain(IntegerOps.DOMAIN).name(n.name())
                .attr("trans_b", Attribute.ofInt(transB ? 1 : 0)).attr("b_scale", Attribute.ofFloats(w.scales()))
                .attr("b_zero_point", Attribute.ofInt(w.zeroPoint()));
        List<String> ins = new ArrayList<>(List.of(a.value(), w.value()));
        if (gemm && n.inputs().size() > 2 && !n.input(2).isEmpty()) {
            String bias = bias(n.input(2), a, w.scales());
            if (bias == null) {
                return no("C is not a constant");
            }
            ins.add(bias);
        }
        b.inputs(ins).outputs(oq.quantized().value());
        IntegerLowering.quantAttrs(b, "a", a);
        IntegerLowering.outputAttrs(b, oq.quantized(), IntegerLowering.fusedRange(act, qdq, oq.quantized()), mode);
        return List.of(b.build());
    }

    /** MatMul of two quantized activations, batch dims broadcasting (attention's Q x K^T, scores x V). */
    private List<Node> activationProduct(Quantized a, OutputQuant oq, Node act) {
        Quantized b = qdq.activation(n.input(1));
        if (b == null || typeRank(n.input(0)) < 2 || typeRank(n.input(1)) < 2) {
            return no("needs dequantized activations of rank >= 2 or int8 2-D weights per output column");
        }
        Node.Builder nb = Node.builder("QMatMul").domain(IntegerOps.DOMAIN).name(n.name())
                .inputs(a.value(), b.value()).outputs(oq.quantized().value())
                .attr("b_scale", Attribute.ofFloats(b.scale())).attr("b_zero_point", Attribute.ofInt(b.zeroPoint()));
        IntegerLowering.quantAttrs(nb, "a", a);
        IntegerLowering.outputAttrs(nb, oq.quantized(), IntegerLowering.fusedRange(act, qdq, oq.quantized()), mode);
        return List.of(nb.build());
    }

    private List<Node> binary(OutputQuant oq, Node act) {
        Quantized a = operand(n.input(0));
        Quantized c = operand(n.input(1));
        if (a == null || c == null) {
            return no("an operand is neither a dequantized activation nor a per-tensor quantized constant");
        }
        boolean mul = n.opType().equals("Mul");
        Node.Builder b = Node.builder(mul ? "QMul" : "QAdd").domain(IntegerOps.DOMAIN).name(n.name())
                .inputs(a.value(), c.value()).outputs(oq.quantized().value());
        if (n.opType().equals("Sub")) {
            b.attr("b_sign", Attribute.ofInt(-1));
        }
        IntegerLowering.quantAttrs(b, "a", a);
        IntegerLowering.quantAttrs(b, "b", c);
        IntegerLowering.outputAttrs(b, oq.quantized(), IntegerLowering.fusedRange(act, qdq, oq.quantized()), mode);
        return List.of(b.build());
    }

    private List<Node> pool(OutputQuant oq) {
        Quantized x = qdq.activation(n.input(0));
        if (x == null || typeRank(n.input(0)) != 4) {
            return no("X is not a dequantized 4-D activation");
        }
        boolean global = n.opType().equals("GlobalAveragePool");
        Node.Builder b = Node.builder("QAveragePool").domain(IntegerOps.DOMAIN).name(n.name())
                .attributes(n.attributes()).attr("global", Attribute.ofInt(global ? 1 : 0))
                .inputs(x.value()).outputs(oq.quantized().value());
        if (!global && (n.attrInts("kernel_shape", new long[0]).length != 2 || !n.attrString("auto_pad", "NOTSET")
                .equals("NOTSET"))) {
            return no("AveragePool other than 2-D with explicit pads");
        }
        IntegerLowering.quantAttrs(b, "x", x);
        IntegerLowering.outputAttrs(b, oq.quantized(), IntegerLowering.fusedRange(null, qdq, oq.quantized()), mode);
        return List.of(b.build());
    }

    private List<Node> reduce(OutputQuant oq) {
        Quantized x = qdq.activation(n.input(0));
        if (x == null) {
            return no("X is not a dequantized activation");
        }
        List<String> ins = new ArrayList<>(List.of(x.value()));
        if (n.inputs().size() > 1 && !n.input(1).isEmpty()) {
            if (!qdq.graph().isConstant(n.input(1))) {
                return no("axes is not a constant");
            }
            ins.add(n.input(1));
        }
        Node.Builder b = Node.builder("QReduce").domain(IntegerOps.DOMAIN).name(n.name()).attributes(n.attributes())
                .attr("mean", Attribute.ofInt(n.opType().equals("ReduceMean") ? 1 : 0)).inputs(ins)
                .outputs(oq.quantized().value());
        IntegerLowering.quantAttrs(b, "x", x);
        IntegerLowering.outputAttrs(b, oq.quantized(), IntegerLowering.fusedRange(null, qdq, oq.quantized()), mode);
        return List.of(b.build());
    }

    /** Linear or cubic Resize: interpolated on the integers, requantized once ({@code QResize}). */
    private List<Node> interpolation(OutputQuant oq) {
        Quantized x = qdq.activation(n.input(0));
        if (x == null) {
            return no("X is not a dequantized activation");
        }
        List<String> ins = new ArrayList<>(List.of(x.value()));
        for (int i = 1; i < n.inputs().size(); i++) {
            String in = n.input(i);
            if (!in.isEmpty() && !qdq.graph().isConstant(in)) {
                return no("roi, scales and sizes must be constants");
            }
            ins.add(in);
        }
        Node.Builder b = Node.builder("QResize").domain(IntegerOps.DOMAIN).name(n.name()).attributes(n.attributes())
                .inputs(ins).outputs(oq.quantized().value());
        IntegerLowering.quantAttrs(b, "x", x);
        IntegerLowering.outputAttrs(b, oq.quantized(), IntegerLowering.fusedRange(null, qdq, oq.quantized()), mode);
        return List.of(b.build());
    }

    private List<Node> table(OutputQuant oq) {
        int active = -1;
        Quantized x = null;
        Tensor[] values = new Tensor[n.inputs().size()];
        for (int i = 0; i < values.length; i++) {
            String in = n.input(i);
            if (in.isEmpty()) {
                continue;
            }
            Quantized q = qdq.activation(in);
            if (q != null && active < 0) {
                active = i;
                x = q;
                continue;
            }
            values[i] = qdq.constantValue(in);
            if (values[i] == null) {
                return no("more than one non-constant input");
            }
        }
        if (x == null) {
            return no("no dequantized activation input");
        }
        if (n.opType().equals("BatchNormalization")) {
            return batchNormalization(active, x, values, oq);
        }
        LookupTables.Table t = tables.of(n, active, x, values, oq.quantized(), typeRank(n.input(active)));
        if (t == null) {
            return no("constant operands do not broadcast along the activation");
        }
        return List.of(lut(n.name(), x.value(), t, oq.quantized()));
    }

    /** Inference-mode BatchNormalization: one table per channel (scale, B, mean and var are per channel). */
    private List<Node> batchNormalization(int active, Quantized x, Tensor[] values, OutputQuant oq) {
        int rank = typeRank(n.input(0));
        TensorType type = qdq.graph().typeOf(n.input(0));
        int channels = rank >= 2 ? type.dims()[1] : -1;
        if (active != 0 || channels <= 0 || values.length != 5) {
            return no("BatchNormalization needs X of known channels and constant scale, B, mean, var");
        }
        for (int i = 1; i < 5; i++) {
            if (values[i] == null || values[i].size() != channels) {
                return no("BatchNormalization's " + i + "th input does not hold one value per channel");
            }
        }
        LookupTables.Table t = tables.perChannel(n, x, values, oq.quantized(), rank, channels);
        return List.of(lut(n.name(), x.value(), t, oq.quantized()));
    }

    private List<Node> movement(OutputQuant oq) {
        if (n.opType().equals("Resize") && !n.attrString("mode", "nearest").equals("nearest")) {
            return interpolation(oq);
        }
        Quantized y = oq.quantized();
        List<Node> out = new ArrayList<>();
        List<String> ins = new ArrayList<>();
        boolean any = false;
        for (int i = 0; i < n.inputs().size(); i++) {
            String in = n.input(i);
            Quantized q = in.isEmpty() ? null : qdq.activation(in);
            if (q == null) {
                if (!in.isEmpty() && !qdq.graph().isConstant(in)) {
                    return no("input '" + in + "' is neither a dequantized activation nor a constant");
                }
                ins.add(in);
                continue;
            }
            any = true;
            if (q.sameAs(y)) {
                ins.add(q.value());
            } else {
                String moved = unique(q.value() + "_at_" + y.value());
                out.add(lut(n.name() + "_requantize_" + i, q.value(), tables.requantize(q, y), y)
                        .toBuilder().outputs(moved).build());
                ins.add(moved);
            }
        }
        if (!any) {
            return no("no dequantized activation input");
        }
        out.add(n.toBuilder().inputs(ins).outputs(y.value()).build());
        return out;
    }

    private Node lut(String name, String input, LookupTables.Table t, Quantized y) {
        String table = add(name + "_table", t.values());
        long[] shape = new long[t.shape().length];
        for (int i = 0; i < shape.length; i++) {
            shape[i] = t.shape()[i];
        }
        return Node.builder("QLut").domain(IntegerOps.DOMAIN).name(name).inputs(input, table).outputs(y.value())
                .attr("table_shape", Attribute.ofInts(shape)).attr("y_type", Attribute.ofInt(y.type().onnxCode()))
                .build();
    }

    /** An activation, or a constant quantized per tensor, as an integer operand. */
    private Quantized operand(String value) {
        Quantized q = qdq.activation(value);
        if (q != null) {
            return q;
        }
        QuantizedConstant c = qdq.constant(value);
        if (c == null || c.scales().length != 1 || c.data().dtype() != DType.INT8 && c.data().dtype() != DType.UINT8) {
            return null;
        }
        return new Quantized(c.value(), c.scales()[0], c.zeroPoint(), c.data().dtype());
    }

    /**
     * The int32 bias at scale x_scale * w_scale[c], as ONNX Runtime's QLinearConv reads it: the
     * quantized bias as it is when its scales are those, else re-quantized from its real values.
     */
    private String bias(String value, Quantized x, float[] ws) {
        QuantizedConstant b = qdq.constant(value);
        Tensor real = qdq.constantValue(value);
        if (real == null) {
            return null;
        }
        float[] expected = new float[real.size()];
        boolean same = b != null && b.data().dtype() == DType.INT32 && b.zeroPoint() == 0;
        for (int c = 0; c < expected.length; c++) {
            expected[c] = x.scale() * ws[ws.length == 1 ? 0 : c];
            float have = same ? b.scales()[b.scales().length == 1 ? 0 : c] : 0;
            same &= Math.abs(have - expected[c]) <= 1e-5 * Math.abs(expected[c]);
        }
        if (same) {
            return b.value();
        }
        float[] v = real.toFloats();
        long[] q = new long[v.length];
        for (int c = 0; c < v.length; c++) {
            q[c] = (long) Math.max(Integer.MIN_VALUE, Math.min(Integer.MAX_VALUE, Math.rint(v[c] / (double) expected[c])));
        }
        return add(n.name() + "_bias_int32", Tensor.of(DType.INT32, real.shape(), q));
    }

    private boolean constantBounds(Node clip) {
        for (int i = 1; i < clip.inputs().size(); i++) {
            if (!clip.input(i).isEmpty() && qdq.constantValue(clip.input(i)) == null) {
                return false;
            }
        }
        return true;
    }

    private int typeRank(String value) {
        TensorType t = qdq.graph().typeOf(value);
        return t != null && t.hasRank() ? t.rank() : -1;
    }

    private String add(String hint, Tensor t) {
        String name = unique(hint);
        constants.put(name, t);
        return name;
    }

    private String unique(String hint) {
        String name = hint;
        for (int k = 1; constants.containsKey(name) || qdq.graph().valueTypes().containsKey(name); k++) {
            name = hint + "_" + k;
        }
        return name;
    }

    private List<Node> no(String why) {
        reason = why;
        return null;
    }
}
