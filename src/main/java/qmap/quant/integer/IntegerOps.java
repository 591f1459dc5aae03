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
        return Map.ofEntries(
                Map.entry("Quantize", new Quantize()),
                Map.entry("Dequantize", new Dequantize()),
                Map.entry("QConv", new QConv()),
                Map.entry("QConvTranspose", new QConvTranspose()),
                Map.entry("QMatMul", new QMatMul()),
                Map.entry("QAdd", new QAdd()),
                Map.entry("QMul", new QMul()),
                Map.entry("QLut", new QLut()),
                Map.entry("QAveragePool", new QAveragePool()),
                Map.entry("QReduce", new QReduce()),
                Map.entry("QResize", new QResize()));
    }
}
