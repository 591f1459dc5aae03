package qmap.quant;

import qmap.kernels.FastKernels;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import qmap.ir.Attribute;
import qmap.ir.DType;
import qmap.ir.Graph;
import qmap.ir.Node;
import qmap.ir.Tensor;
import qmap.ir.TensorType;
import qmap.ops.OpRegistry;
import qmap.passes.Pass;
import qmap.passes.RemoveDeadNodes;
import qmap.quant.QdqOperands.OutputQuant;
import qmap.quant.QdqOperands.Quantized;
import qmap.quant.QdqOperands.QuantizedConstant;
import qmap.quant.integer.IntegerOps;
import qmap.quant.integer.RequantMode;
import qmap.target.TargetProfile;

/**
 * Turns the DQ -> op -> Q patterns of a quantized (QDQ) graph into integer nodes of the
 * {@value IntegerOps#DOMAIN} domain, what the chip computes:
 * <ul>
 * <li>Conv, ConvTranspose, MatMul, Gemm: int8 x int8 -> int32 with the int32 bias, requantized per
 * output channel ({@code QConv}, {@code QConvTranspose}, {@code QMatMul}; a MatMul of two
 * activations too, batch dims broadcasting); a Relu/Clip that is the producer's only reader and is followed
 * by the Q is fused into the output clamp range.</li>
 * <li>Add, Sub, Mul of two quantized operands (activations or quantized constants): {@code QAdd},
 * {@code QMul} with input rescaling.</li>
 * <li>Any other elementwise op with one quantized activation input and constant other inputs
 * (Exp, Sigmoid, HardSigmoid, Div by a constant, Relu, Clip, ...): a look-up table ({@code QLut}),
 * one per channel for inference-mode BatchNormalization.</li>
 * <li>GlobalAveragePool and AveragePool: integer window sums, requantized ({@code QAveragePool});
 * ReduceSum and ReduceMean likewise over their axes ({@code QReduce}).</li>
 * <li>Data movement and selection (Reshape, Transpose, MaxPool, Concat, Slice, nearest Resize,
 * ...): the ONNX op itself on the integer tensor, plus a requantization table where an input's
 * scale differs from the output's. Linear and cubic Resize interpolate the integers and
 * requantize once ({@code QResize}).</li>
 * </ul>
 * Everything else keeps its DequantizeLinear / float op / QuantizeLinear form, so a graph always
 * runs; graph inputs are quantized and outputs dequantized by the Q/DQ nodes already there (as
 * one-pass {@code Quantize} / {@code Dequantize} nodes when per tensor).
 * The requantization arithmetic is the target profile's ({@link RequantMode}).
 */
public final class IntegerLowering implements Pass {
    private static final Set<String> MOVEMENT = Set.of("Reshape", "Transpose", "Squeeze", "Unsqueeze", "Flatten",
            "Slice", "MaxPool", "GlobalMaxPool", "Gather", "Identity", "DepthToSpace", "SpaceToDepth", "Expand",
            "Tile", "Resize", "Concat", "ReduceMax", "ReduceMin");
    private static final Set<String> TABLE_OPS = Set.of("Abs", "Ceil", "Clip", "Cos", "Elu", "Erf", "Exp", "Floor",
            "HardSigmoid", "HardSwish", "LeakyRelu", "Log", "Neg", "Reciprocal", "Relu", "Round", "Selu", "Sigmoid",
            "Sin", "Softplus", "Softsign", "Sqrt", "Tanh", "Add", "Sub", "Mul", "Div", "Pow", "PRelu", "Max", "Min",
            "BatchNormalization");
    private static final Set<String> FUSING = Set.of("Conv", "ConvTranspose", "Gemm", "MatMul", "Add", "Sub", "Mul");

    /** The lowered graph, and for each node left in float form why it was not lowered. */
    public record Result(Graph graph, List<String> lowered, Map<String, String> kept) {
    }

    private final RequantMode mode;
    private final OpRegistry floatOps;

    public IntegerLowering(RequantMode mode) {
        this.mode = mode;
        this.floatOps = FastKernels.registry();
    }

    public static IntegerLowering forProfile(TargetProfile profile) {
        return new IntegerLowering(RequantMode.of(profile.requantization()));
    }

    @Override
    public String name() {
        return "integer-lowering";
    }

    @Override
    public Graph apply(Graph graph) {
        return lower(graph).graph();
    }

    public Result lower(Graph g) {
        QdqOperands qdq = new QdqOperands(g);
        Map<String, Tensor> constants = new LinkedHashMap<>(g.constants());
        Set<String> absorbed = new HashSet<>();
        List<Node> nodes = new ArrayList<>();
        List<String> lowered = new ArrayList<>();
        Map<String, String> kept = new LinkedHashMap<>();
        for (Node n : g.nodes()) {
            if (absorbed.contains(n.name())) {
                continue;
            }
            if (!n.domain().isEmpty() || n.opType().equals("QuantizeLinear") || n.opType().equals("DequantizeLinear")) {
                nodes.add(boundary(n, g));
                continue;
            }
            NodeLowering one = new NodeLowering(n, qdq, constants, mode, new LookupTables(mode, floatOps));
            List<Node> replacement = one.lower();
            if (replacement == null) {
                nodes.add(n);
                kept.put(n.name(), one.reason());
            } else {
                nodes.addAll(replacement);
                absorbed.addAll(one.absorbed());
                lowered.add(n.name());
            }
        }
        Map<String, TensorType> types = new LinkedHashMap<>(g.valueTypes());
        Graph out = new Graph(g.name(), nodes, g.inputs(), g.outputs(), constants, types);
        return new Result(new RemoveDeadNodes().apply(out), lowered, kept);
    }

    /**
     * A QuantizeLinear / DequantizeLinear left where float and integer values meet, as the
     * one-pass {@code Quantize} / {@code Dequantize} of the integer domain when it quantizes per
     * tensor with a float32 scale (else the ONNX node as it is).
     */
    static Node boundary(Node n, Graph g) {
        boolean q = QdqOperands.isDefault(n, "QuantizeLinear");
        if (!q && !QdqOperands.isDefault(n, "DequantizeLinear") || n.inputs().size() < 3
                || !g.isConstant(n.input(1)) || !g.isConstant(n.input(2)) || n.hasAttr("output_dtype")
                || n.hasAttr("precision") || n.hasAttr("block_size")) {
            return n;
        }
        Tensor scale = g.constants().get(n.input(1));
        Tensor zp = g.constants().get(n.input(2));
        DType in = g.typeOf(n.input(0)).dtype();
        if (scale.size() != 1 || scale.dtype() != DType.FLOAT || zp.size() != 1
                || zp.dtype() != DType.INT8 && zp.dtype() != DType.UINT8 && zp.dtype() != DType.INT16
                || (q ? in != DType.FLOAT : in != zp.dtype())) {
            return n;
        }
        String operand = q ? "y" : "x";
        Node.Builder b = Node.builder(q ? "Quantize" : "Dequantize").domain(IntegerOps.DOMAIN).name(n.name())
                .inputs(n.input(0)).outputs(n.output(0))
                .attr(operand + "_scale", Attribute.ofFloat(scale.floats()[0]))
                .attr(operand + "_zero_point", Attribute.ofInt(zp.longs()[0]));
        return (q ? b.attr("y_type", Attribute.ofInt(zp.dtype().onnxCode())) : b).build();
    }

    /** The output clamp range [lo, hi] (stored values, zero point included) of a fused Relu/Clip. */
    static long[] fusedRange(Node act, QdqOperands qdq, Quantized y) {
        long lo = y.type().minValue();
        long hi = y.type().maxValue();
        if (act == null) {
            return new long[] {lo, hi};
        }
        double min = 0;
        double max = Double.POSITIVE_INFINITY;
        if (act.opType().equals("Clip")) {
            Tensor a = act.inputs().size() > 1 && !act.input(1).isEmpty() ? qdq.constantValue(act.input(1)) : null;
            Tensor b = act.inputs().size() > 2 && !act.input(2).isEmpty() ? qdq.constantValue(act.input(2)) : null;
            min = a == null ? Double.NEGATIVE_INFINITY : a.getDouble(0);
            max = b == null ? Double.POSITIVE_INFINITY : b.getDouble(0);
        }
        // Q is monotone, so Q(clip(v, min, max)) = clamp(Q(v), Q(min), Q(max))
        return new long[] {Math.max(lo, quantizeBound(min, y)), Math.min(hi, quantizeBound(max, y))};
    }

    private static long quantizeBound(double v, Quantized y) {
        if (Double.isInfinite(v)) {
            return v > 0 ? Long.MAX_VALUE : Long.MIN_VALUE;
        }
        return (long) Math.rint((float) v / y.scale()) + y.zeroPoint();
    }

    static Node.Builder quantAttrs(Node.Builder b, String operand, Quantized q) {
        return b.attr(operand + "_scale", Attribute.ofFloat(q.scale()))
                .attr(operand + "_zero_point", Attribute.ofInt(q.zeroPoint()));
    }

    static Node.Builder outputAttrs(Node.Builder b, Quantized y, long[] range, RequantMode mode) {
        quantAttrs(b, "y", y).attr("y_type", Attribute.ofInt(y.type().onnxCode()))
                .attr("y_min", Attribute.ofInt(range[0])).attr("y_max", Attribute.ofInt(range[1]));
        return mode.write(b);
    }

    static boolean isFusing(String opType) {
        return FUSING.contains(opType);
    }

    static boolean isMovement(String opType) {
        return MOVEMENT.contains(opType);
    }

    static boolean isTableOp(String opType) {
        return TABLE_OPS.contains(opType);
    }

    static DType typeOf(QuantizedConstant c) {
        return c.data().dtype();
    }
}
