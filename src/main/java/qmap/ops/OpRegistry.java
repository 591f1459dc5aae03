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

        return m;
    }
}
