package qmap.target;

import java.util.Set;
import qmap.ir.Graph;
import qmap.ir.Node;
import qmap.ir.Shapes;
import qmap.ir.TensorType;

/** Counts the {@link Work} of a node from its op type, attributes and inferred shapes. */
final class OpWork {
    private static final Set<String> LUT = Set.of("Exp", "Sigmoid", "Tanh", "Sqrt", "Log", "Sin", "Cos", "Softplus",
            "HardSigmoid", "HardSwish", "Reciprocal", "Pow", "Erf", "Elu", "Selu", "Softsign", "Gelu", "Mish");
    private static final Set<String> MOVES = Set.of("Reshape", "Transpose", "Concat", "Split", "Slice", "Pad",
            "Flatten", "Squeeze", "Unsqueeze", "Gather", "Expand", "Tile", "DepthToSpace", "SpaceToDepth",
            "Identity", "Cast", "Dropout");
    private static final Set<String> ELEMENTWISE = Set.of("Add", "Sub", "Mul", "Div", "Relu", "LeakyRelu", "PRelu",
            "Clip", "Max", "Min", "Sum", "Mean", "Abs", "Neg", "BatchNormalization", "Where", "Equal", "Greater",
            "Less", "Not", "And", "Or", "Sign", "Ceil", "Floor", "Round", "QuantizeLinear", "DequantizeLinear");
    /** Float operations per element of a transcendental function in a CPU kernel (an estimate). */
    private static final long LUT_FLOPS = 10;

    private final Graph graph;
    private final Node node;
    private final int actBytes;
    private boolean known = true;

    private OpWork(Graph graph, Node node, int actBytes) {
        this.graph = graph;
        this.node = node;
        this.actBytes = actBytes;
    }

    /** The work of a node whose activations are {@code actBytes} wide (1 for int8, 2 for int16). */
    static Work of(Graph graph, Node node, int actBytes) {
        return new OpWork(graph, node, actBytes).count();
    }

    private Work count() {
        String op = node.opType();
        long out = elements(node.outputs().isEmpty() ? "" : node.output(0));
        long in = elements(node.input(0));
        long bytes = bytes();
        return switch (op) {
            case "Conv" -> mac(isDepthwise() ? OpClass.DEPTHWISE_CONV : OpClass.CONV,
                    out * (dim(1, 1)) * kernelSize(), bytes);
            case "ConvTranspose" -> mac(OpClass.CONV, in * dim(1, 1) * kernelSize(), bytes);
            case "MatMul" -> mac(OpClass.MATMUL, out * dim(0, -1), bytes);
            case "Gemm" -> mac(OpClass.MATMUL, out * dim(0, node.attrInt("transA", 0) != 0 ? 0 : 1), bytes);
            case "AveragePool", "MaxPool", "LpPool" -> ops(OpClass.POOL, out * kernelSize(), 1, bytes);
            case "GlobalAveragePool", "GlobalMaxPool", "ArgMax", "ArgMin", "TopK" -> ops(OpClass.POOL, in, 1, bytes);
            case "Softmax", "LogSoftmax" -> ops(OpClass.SOFTMAX, 3 * in, 4, bytes);
            case "Resize" -> ops(OpClass.RESIZE, out * resizeTaps(), 2, bytes);
            default -> byFamily(op, in, out, bytes);
        };
    }

    private Work byFamily(String op, long in, long out, long bytes) {
        if (op.startsWith("Reduce")) {
            return ops(OpClass.REDUCE, in, 1, bytes);
        }
        if (LUT.contains(op)) {
            return ops(OpClass.LUT, out, LUT_FLOPS, bytes);
        }
        if (MOVES.contains(op)) {
            return new Work(OpClass.DATA_MOVEMENT, 0, out, bytes, known);
        }
        if (ELEMENTWISE.contains(op)) {
            long operands = Math.max(1, node.inputs().size() - 1);
            return ops(OpClass.ELEMENTWISE, out * operands, op.equals("BatchNormalization") ? 2 : 1, bytes);
        }
        return ops(OpClass.OTHER, out, 1, bytes);
    }

    private Work mac(OpClass c, long macs, long bytes) {
        return new Work(c, macs, 2 * macs, bytes, known);
    }

    private Work ops(OpClass c, long count, long flopsEach, long bytes) {
        return new Work(c, count, count * flopsEach, bytes, known);
    }

    /** Activations in and out at the activation width; constant weights int8, constant bias int32. */
    private long bytes() {
        long total = 0;
        boolean weighted = Set.of("Conv", "ConvTranspose", "MatMul", "Gemm").contains(node.opType());
        for (int i = 0; i < node.inputs().size(); i++) {
            String v = node.input(i);
            if (v.isEmpty()) {
                continue;
            }
            long width = !graph.isConstant(v) || !weighted ? actBytes : i == 2 ? 4 : 1;
            total += elements(v) * width;
        }
        for (String o : node.outputs()) {
            total += elements(o) * actBytes;
        }
        return total;
    }

    private boolean isDepthwise() {
        long g = node.attrInt("group", 1);
        return g > 1 && g == dim(0, 1);
    }

    private long kernelSize() {
        long[] k = node.attrInts("kernel_shape", null);
        if (k == null && node.hasInput(1)) {
            TensorType w = graph.typeOf(node.input(1));
            if (w.isStatic() && w.rank() > 2) {
                k = new long[w.rank() - 2];
                for (int i = 2; i < w.rank(); i++) {
                    k[i - 2] = w.dims()[i];
                }
            }
        }
        if (k == null) {
            known = false;
            return 0;
        }
        long p = 1;
        for (long x : k) {
            p *= x;
        }
        return p;
    }

    private long resizeTaps() {
        long spatial = Math.max(0, graph.typeOf(node.input(0)).rank() - 2);
        return switch (node.attrString("mode", "nearest")) {
            case "linear" -> 1L << spatial;
            case "cubic" -> 1L << (2 * spatial);
            default -> 1;
        };
    }

    /** Dim {@code axis} (negative from the end) of input {@code input}; 0 and not known when unknown. */
    private long dim(int input, int axis) {
        TensorType t = node.hasInput(input) ? graph.typeOf(node.input(input)) : TensorType.UNKNOWN;
        if (!t.hasRank() || t.rank() == 0) {
            known = false;
            return 0;
        }
        int a = axis < 0 ? t.rank() + axis : axis;
        if (a >= t.rank() || t.dims()[a] < 0) {
            known = false;
            return 0;
        }
        return t.dims()[a];
    }

    private long elements(String value) {
        if (value.isEmpty()) {
            return 0;
        }
        TensorType t = graph.typeOf(value);
        if (!t.isStatic()) {
            known = false;
            return 0;
        }
        return Shapes.size(t.dims());
    }
}
