package qmap.kernels;

import java.util.LinkedHashMap;
import java.util.Map;
import qmap.ops.BatchNormalization;
import qmap.ops.Clip;
import qmap.ops.Concat;
import qmap.ops.Conv;
import qmap.ops.ConvTranspose;
import qmap.ops.GlobalAveragePool;
import qmap.ops.MatMul;
import qmap.ops.MaxPool;
import qmap.ops.OpRegistry;
import qmap.ops.ReduceMean;
import qmap.ops.Operator;
import qmap.ops.Pow;
import qmap.ops.Resize;
import qmap.ops.Softmax;

/**
 * The registry the executor runs by default: the reference operators with the fast float32
 * kernels of this package in place where they exist (one line each); every fast kernel hands
 * the cases it does not cover to the reference op it wraps.
 */
public final class FastKernels {
    private static final OpRegistry REGISTRY = build();

    private FastKernels() {
    }

    public static OpRegistry registry() {
        return REGISTRY;
    }

    private static OpRegistry build() {
        OpRegistry ref = OpRegistry.reference();
        Map<String, Operator> m = new LinkedHashMap<>();
        m.put("Add", new FastArithmetic(FastArithmetic.Kind.ADD, ref.find("", "Add")));
        m.put("BatchNormalization", new FastBatchNormalization((BatchNormalization) ref.find("", "BatchNormalization")));
        m.put("Clip", new FastClip((Clip) ref.find("", "Clip")));
        m.put("Concat", new FastConcat((Concat) ref.find("", "Concat")));
        m.put("Conv", new FastConv((Conv) ref.find("", "Conv")));
        m.put("ConvTranspose", new FastConvTranspose((ConvTranspose) ref.find("", "ConvTranspose")));
        m.put("DequantizeLinear", new FastDequantizeLinear(ref.find("", "DequantizeLinear")));
        m.put("Div", new FastArithmetic(FastArithmetic.Kind.DIV, ref.find("", "Div")));
        m.put("GlobalAveragePool", new FastGlobalAveragePool((GlobalAveragePool) ref.find("", "GlobalAveragePool")));
        m.put("HardSigmoid", new FastActivation(FastActivation.Kind.HARD_SIGMOID, ref.find("", "HardSigmoid")));
        m.put("HardSwish", new FastActivation(FastActivation.Kind.HARD_SWISH, ref.find("", "HardSwish")));
        m.put("MatMul", new FastMatMul((MatMul) ref.find("", "MatMul")));
        m.put("MaxPool", new FastMaxPool((MaxPool) ref.find("", "MaxPool")));
        m.put("Mul", new FastArithmetic(FastArithmetic.Kind.MUL, ref.find("", "Mul")));
        m.put("Pow", new FastPow((Pow) ref.find("", "Pow")));
        m.put("QuantizeLinear", new FastQuantizeLinear(ref.find("", "QuantizeLinear")));
        m.put("ReduceMean", new FastReduceMean((ReduceMean) ref.find("", "ReduceMean")));
        m.put("Relu", new FastActivation(FastActivation.Kind.RELU, ref.find("", "Relu")));
        m.put("Resize", new FastResize((Resize) ref.find("", "Resize")));
        m.put("Sigmoid", new FastActivation(FastActivation.Kind.SIGMOID, ref.find("", "Sigmoid")));
        m.put("Softmax", new FastSoftmax((Softmax) ref.find("", "Softmax")));
        m.put("Sub", new FastArithmetic(FastArithmetic.Kind.SUB, ref.find("", "Sub")));
        return ref.overriding(m);
    }
}
