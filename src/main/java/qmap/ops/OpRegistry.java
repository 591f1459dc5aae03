package qmap.ops;

import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/**
 * The operators qmap can execute, by ONNX op type (default domain). Adding an operator is one
 * class in this package and one line here. {@link #reference()} holds the reference kernels
 * (the specification); {@code qmap.kernels.FastKernels} overrides some with fast float32
 * kernels for the executor ({@link #overriding}).
 */
public final class OpRegistry {
    private static final OpRegistry REFERENCE = new OpRegistry(referenceOps());

    private final Map<String, Operator> ops;
    /** Operators of custom domains (qmap's integer runtime), by domain then op type. */
    private final Map<String, Map<String, Operator>> domains;

    private OpRegistry(Map<String, Operator> ops) {
        this(ops, Map.of());
    }

    private OpRegistry(Map<String, Operator> ops, Map<String, Map<String, Operator>> domains) {
        this.ops = Collections.unmodifiableMap(ops);
        this.domains = Map.copyOf(domains);
    }

    /** The reference kernels only. */
    public static OpRegistry reference() {
        return REFERENCE;
    }

    /** This registry with some operators replaced (e.g. by fast kernels for the same op). */
    public OpRegistry overriding(Map<String, Operator> replacements) {
        Map<String, Operator> m = new TreeMap<>(ops);
        m.putAll(replacements);
        return new OpRegistry(m);
    }

    /** The operator for an op type in a domain, or null when qmap has none. */
    public Operator find(String domain, String opType) {
        if (!domain.isEmpty() && !domain.equals("ai.onnx")) {
            Map<String, Operator> custom = domains.get(domain);
            return custom == null ? null : custom.get(opType);
        }
        return ops.get(opType);
    }

    /** This registry plus the operators of one custom domain (replacing that domain's, if any). */
    public OpRegistry withDomain(String domain, Map<String, Operator> domainOps) {
        Map<String, Map<String, Operator>> all = new TreeMap<>(domains);
        all.put(domain, Map.copyOf(domainOps));
        return new OpRegistry(ops, all);
    }

    public java.util.Set<String> opTypes() {
        return ops.keySet();
    }

    private static Map<String, Operator> referenceOps() {
        Map<String, Operator> m = new TreeMap<>();
        // elementwise math, activations, comparisons, softmax
        m.put("Abs", new Abs());
        m.put("Add", new Add());
        m.put("Ceil", new Ceil());
        m.put("Clip", new Clip());
        m.put("Div", new Div());
        m.put("Elu", new Elu());
        m.put("Equal", new Equal());
        m.put("Erf", new Erf());
        m.put("Exp", new Exp());
        m.put("Floor", new Floor());
        m.put("Greater", new Greater());
        m.put("HardSigmoid", new HardSigmoid());
        m.put("HardSwish", new HardSwish());
        m.put("LeakyRelu", new LeakyRelu());
        m.put("Less", new Less());
        m.put("Log", new Log());
        m.put("LogSoftmax", new LogSoftmax());
        m.put("Max", new Max());
        m.put("Mean", new Mean());
        m.put("Min", new Min());
        m.put("Mul", new Mul());
        m.put("Neg", new Neg());
        m.put("Not", new Not());
        m.put("PRelu", new PRelu());
        m.put("Pow", new Pow());
        m.put("Reciprocal", new Reciprocal());
        m.put("Selu", new Selu());
        m.put("Relu", new Relu());
        m.put("Sigmoid", new Sigmoid());
        m.put("Softmax", new Softmax());
        m.put("Softplus", new Softplus());
        m.put("Sqrt", new Sqrt());
        m.put("Sub", new Sub());
        m.put("Sum", new Sum());
        m.put("Tanh", new Tanh());
        m.put("Where", new Where());

        // shape and data movement, Cast
        m.put("Concat", new Concat());
        m.put("ConstantOfShape", new ConstantOfShape());
        m.put("DepthToSpace", new DepthToSpace());
        m.put("Dropout", new Dropout());
        m.put("Expand", new Expand());
        m.put("Flatten", new Flatten());
        m.put("Gather", new Gather());
        m.put("Identity", new Identity());
        m.put("Pad", new Pad());
        m.put("Reshape", new Reshape());
        m.put("Shape", new Shape());
        m.put("Slice", new Slice());
        m.put("SpaceToDepth", new SpaceToDepth());
        m.put("Split", new Split());
        m.put("Squeeze", new Squeeze());
        m.put("Tile", new Tile());
        m.put("Transpose", new Transpose());
        m.put("Unsqueeze", new Unsqueeze());

        // convolution, matrix products, pooling, normalization
        m.put("AveragePool", new AveragePool());
        m.put("BatchNormalization", new BatchNormalization());
        m.put("Conv", new Conv());
        m.put("ConvTranspose", new ConvTranspose());
        m.put("Gemm", new Gemm());
        m.put("GlobalAveragePool", new GlobalAveragePool());
        m.put("GlobalMaxPool", new GlobalMaxPool());
        m.put("InstanceNormalization", new InstanceNormalization());
        m.put("LayerNormalization", new LayerNormalization());
        m.put("MatMul", new MatMul());
        m.put("MaxPool", new MaxPool());

        // reductions, ArgMax, Resize, quantization
        m.put("ArgMax", new ArgMax());
        m.put("ArgMin", new ArgMin());
        m.put("ReduceL1", new ReduceL1());
        m.put("ReduceL2", new ReduceL2());
        m.put("ReduceLogSum", new ReduceLogSum());
        m.put("ReduceLogSumExp", new ReduceLogSumExp());
        m.put("ReduceMax", new ReduceMax());
        m.put("ReduceMean", new ReduceMean());
        m.put("ReduceMin", new ReduceMin());
        m.put("ReduceProd", new ReduceProd());
        m.put("ReduceSum", new ReduceSum());
        m.put("ReduceSumSquare", new ReduceSumSquare());
        m.put("Resize", new Resize());

        // Cast and quantization
        m.put("Cast", new Cast());
        m.put("DequantizeLinear", new DequantizeLinear());
        m.put("QuantizeLinear", new QuantizeLinear());

        return m;
    }
}
