package qmap.quant.integer;

import java.util.Map;
import qmap.ops.Operator;

/**
 * The integer operators of qmap's integer runtime, in their own node domain so they can never be
 * mistaken for ONNX ops (they never reach an ONNX file). Data movement (Reshape, Transpose,
 * MaxPool, ...) needs no integer op: the ONNX op runs on the integer tensor as it is.
 */
public final class IntegerOps {
    public static final String DOMAIN = "qmap.int";

    private IntegerOps() {
    }

    public static Map<String, Operator> operators() {
        return Map.of(
                "QConv", new QConv(),
                "QConvTranspose", new QConvTranspose(),
                "QMatMul", new QMatMul(),
                "QAdd", new QAdd(),
                "QMul", new QMul(),
                "QLut", new QLut(),
                "QAveragePool", new QAveragePool(),
                "QReduce", new QReduce(),
                "QResize", new QResize());
    }
}
