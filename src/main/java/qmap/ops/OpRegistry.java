package qmap.ops;

import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/**
 * The operators qmap can execute, by ONNX op type (default domain). Adding an operator is one
 * class in this package and one line here.
 */
public final class OpRegistry {
    private static final OpRegistry STANDARD = new OpRegistry(standardOps());

    private final Map<String, Operator> ops;

    private OpRegistry(Map<String, Operator> ops) {
        this.ops = Collections.unmodifiableMap(ops);
    }

    public static OpRegistry standard() {
        return STANDARD;
    }

    /** The operator for an op type in a domain, or null when qmap has none. */
    public Operator find(String domain, String opType) {
        if (!domain.isEmpty() && !domain.equals("ai.onnx")) {
            return null;
        }
        return ops.get(opType);
    }

    public java.util.Set<String> opTypes() {
        return ops.keySet();
    }

    private static Map<String, Operator> standardOps() {
        Map<String, Operator> m = new TreeMap<>();
        // elementwise math, activations, comparisons, softmax
        m.put("Add", new Add());
        m.put("Relu", new Relu());

        // shape and data movement, Cast
        m.put("Identity", new Identity());

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

        return m;
    }
}
