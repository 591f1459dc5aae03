package qmap.quant;

import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Predicate;
import qmap.calib.WeightQuantizer;
import qmap.ir.DType;
import qmap.ir.Graph;
import qmap.ir.Node;
import qmap.ir.Tensor;
import qmap.ir.TensorType;

/**
 * Decides what is quantized: every float activation an NPU node reads or writes (a Conv, Gemm,
 * MatMul or Add whose only reader is an NPU Relu/Clip is fused with it and its output is not
 * requantized), the weights of Conv/ConvTranspose/Gemm/MatMul per output channel, their biases
 * as int32, and constant operands of elementwise NPU ops per tensor. Data-movement ops keep their
 * input's scale, as the NPU does (a Reshape does not requantize).
 */
public final class QuantPlanner {
    private static final Set<String> SCALE_PRESERVING = Set.of("Reshape", "Transpose", "Squeeze", "Unsqueeze",
            "Flatten", "Slice", "Split", "MaxPool", "GlobalMaxPool", "Gather", "Identity", "DepthToSpace",
            "SpaceToDepth", "Expand", "Tile");
    private static final Set<String> FUSABLE_PRODUCERS = Set.of("Conv", "ConvTranspose", "Gemm", "MatMul", "Add");
    private static final Set<String> FUSED_ACTIVATIONS = Set.of("Relu", "Clip");
    private static final Set<String> ACCUMULATING = Set.of("Conv", "ConvTranspose", "Gemm", "MatMul");
    private static final Set<String> CONSTANT_OPERAND_OPS = Set.of("Add", "Sub", "Mul", "Div", "Concat", "PRelu",
            "Max", "Min", "Sum");

    /** Observed activation statistics, by tensor name: the chosen threshold and method, or null. */
    public interface Thresholds {
        ActivationQuant of(String tensor, DType dtype);
    }

    private final Predicate<Node> onNpu;
    private final Function<String, DType> activationType;
    private final DType weightType;
    private final NpuOutputs npuOutputs;

    /**
     * @param onNpu          which nodes run quantized
     * @param activationType int8 or int16 per activation tensor
     * @param weightType     int8 (per-channel symmetric weights)
     * @param npuOutputs     whether accumulating ops hand int32 results to the CPU
     */
    public QuantPlanner(Predicate<Node> onNpu, Function<String, DType> activationType, DType weightType,
                        NpuOutputs npuOutputs) {
        this.onNpu = onNpu;
        this.activationType = activationType;
        this.weightType = weightType;
        this.npuOutputs = npuOutputs;
    }

    /** Every NPU output requantized to int8. */
    public QuantPlanner(Predicate<Node> onNpu, Function<String, DType> activationType, DType weightType) {
        this(onNpu, activationType, weightType, NpuOutputs.REQUANTIZED);
    }

    public QuantPlan plan(Graph g, Thresholds thresholds) {
        Map<String, List<Node>> consumers = g.consumers();
        Map<String, Node> producers = g.producers();
        Set<String> fused = fusedOutputs(g, consumers);
        Set<String> int32 = int32Outputs(g, consumers, producers, fused);
        Map<String, ActivationQuant> acts = new LinkedHashMap<>();
        Map<String, WeightQuant> weights = new LinkedHashMap<>();
        Map<String, QuantPlan.BiasQuant> biases = new LinkedHashMap<>();
        Set<String> wanted = new HashSet<>();
        for (Node n : g.nodes()) {
            if (!onNpu.test(n)) {
                continue;
            }
            for (String in : n.inputs()) {
                // a fused producer's output reaches its Relu/Clip unquantized (the NPU applies it before requantizing)
                if (!in.isEmpty() && !g.isConstant(in) && isFloat(g, in) && !fused.contains(in)) {
                    wanted.add(in);
                }
            }
            for (String out : n.outputs()) {
                if (!out.isEmpty() && !fused.contains(out) && !int32.contains(out) && isFloat(g, out)) {
                    wanted.add(out);
                }
            }
        }
        // graph order: inputs first, then node outputs, so the plan (and every file) is deterministic
        for (var in : g.inputs()) {
            addActivation(in.name(), wanted, thresholds, acts);
        }
        for (Node n : g.nodes()) {
            for (String out : n.outputs()) {
                // a data-movement op keeps its input's grid; on the CPU too, so the value it passes on
                // stays int8 (and ONNX Runtime never has to propagate a DequantizeLinear across it)
                if (SCALE_PRESERVING.contains(n.opType()) && acts.containsKey(n.input(0)) && isFloat(g, out)
                        && (wanted.contains(out) || !onNpu.test(n))) {
                    ActivationQuant src = acts.get(n.input(0));
                    acts.put(out, new ActivationQuant(out, src.dtype(), src.threshold(), "inherited from " + n.input(0),
                            src.zeroPoint()));
                } else {
                    addActivation(out, wanted, thresholds, acts);
                }
            }
            if (onNpu.test(n)) {
                planConstants(g, n, acts, weights, biases);
            }
        }
        return new QuantPlan(acts, weights, biases);
    }

    private void addActivation(String t, Set<String> wanted, Thresholds th, Map<String, ActivationQuant> acts) {
        if (!wanted.contains(t) || acts.containsKey(t)) {
            return;
        }
        ActivationQuant a = th.of(t, activationType.apply(t));
        if (a != null) {
            acts.put(t, a);
        }
    }

    private void planConstants(Graph g, Node n, Map<String, ActivationQuant> acts, Map<String, WeightQuant> weights,
                               Map<String, QuantPlan.BiasQuant> biases) {
        int weightAxis = weightAxis(g, n);
        if (weightAxis >= 0 && g.isConstant(n.input(1)) && isFloat(g, n.input(1))) {
            Tensor w = g.constants().get(n.input(1));
            ActivationQuant x = acts.get(n.input(0));
            String bias = n.opType().equals("Gemm") || n.opType().startsWith("Conv") ? n.input(2) : "";
            boolean withBias = x != null && !bias.isEmpty() && g.isConstant(bias) && isFloat(g, bias);
            float[] scales = weightScales(w, weightAxis);
            if (withBias && !weights.containsKey(n.input(1))
                    && (scales.length == 1 || scales.length == g.constants().get(bias).size())) {
                scales = BiasRange.widen(scales, x.scale(), g.constants().get(bias).toFloats());
            }
            WeightQuant wq = new WeightQuant(n.input(1), weightType, weightAxis, scales);
            weights.putIfAbsent(wq.tensor(), wq);
            wq = weights.get(wq.tensor());
            if (withBias) {
                Tensor b = g.constants().get(bias);
                float[] s = new float[b.size()];
                for (int c = 0; c < s.length; c++) {
                    s[c] = (float) (x.scale() * wq.scales()[wq.scales().length == 1 ? 0 : c]);
                }
                QuantPlan.BiasQuant first = biases.get(bias);
                if (s.length != wq.scales().length && wq.scales().length != 1) {
                    return;
                }
                if (first == null) {
                    biases.put(bias, new QuantPlan.BiasQuant(bias, s));
                } else if (!Arrays.equals(first.scales(), s)) {
                    // a bias shared by nodes with different input scales: this node gets its own int32 copy
                    biases.put(bias + "@" + n.name(), new QuantPlan.BiasQuant(bias, s, n.name()));
                }
            }
            return;
        }
        if (CONSTANT_OPERAND_OPS.contains(n.opType())) {
            for (String in : n.inputs()) {
                if (!in.isEmpty() && g.isConstant(in) && isFloat(g, in) && !weights.containsKey(in)) {
                    Tensor c = g.constants().get(in);
                    weights.put(in, new WeightQuant(in, weightType, -1, weightScales(c, -1)));
                }
            }
        }
    }

    private float[] weightScales(Tensor w, int axis) {
        WeightQuantizer q = new WeightQuantizer((int) weightType.maxValue());
        return axis < 0 ? new float[] {q.perTensor(w).scale()} : q.perChannelScales(w, axis);
    }

    /** The output-channel axis of a node's weight input, or -1 when it has none. */
    static int weightAxis(Graph g, Node n) {
        switch (n.opType()) {
            case "Conv":
                return 0;
            case "ConvTranspose":
                return 1;
            case "Gemm":
                return n.attrInt("transB", 0) != 0 ? 0 : 1;
            case "MatMul": {
                Tensor b = g.constants().get(n.input(1));
                return b != null && b.rank() >= 2 ? b.rank() - 1 : -1;
            }
            default:
                return -1;
        }
    }

    private Set<String> fusedOutputs(Graph g, Map<String, List<Node>> consumers) {
        Set<String> fused = new HashSet<>();
        Set<String> graphOutputs = graphOutputs(g);
        for (Node n : g.nodes()) {
            if (!FUSABLE_PRODUCERS.contains(n.opType()) || n.outputs().size() != 1) {
                continue;
            }
            String out = n.output(0);
            List<Node> readers = consumers.getOrDefault(out, List.of());
            if (readers.size() == 1 && FUSED_ACTIVATIONS.contains(readers.get(0).opType()) && onNpuBoth(n, readers.get(0))
                    && !graphOutputs.contains(out)) {
                fused.add(out);
            }
        }
        return fused;
    }

    /**
     * Outputs of NPU accumulating ops (or of the Relu/Clip fused with one) that leave the NPU: every
     * reader on the CPU, or a model output; they stay at the accumulator's precision.
     */
    private Set<String> int32Outputs(Graph g, Map<String, List<Node>> consumers, Map<String, Node> producers,
                                     Set<String> fused) {
        Set<String> out = new HashSet<>();
        if (!npuOutputs.int32ToCpu() && !npuOutputs.int32ModelOutputs()) {
            return out;
        }
        Set<String> graphOutputs = graphOutputs(g);
        for (Node n : g.nodes()) {
            if (!onNpu.test(n) || n.outputs().size() != 1 || !isFloat(g, n.output(0))) {
                continue;
            }
            boolean accumulating = ACCUMULATING.contains(n.opType())
                    || FUSED_ACTIVATIONS.contains(n.opType()) && fused.contains(n.input(0))
                    && ACCUMULATING.contains(producers.get(n.input(0)).opType());
            if (!accumulating) {
                continue;
            }
            String t = n.output(0);
            List<Node> readers = consumers.getOrDefault(t, List.of());
            boolean toCpu = readers.stream().noneMatch(onNpu);
            boolean ok = graphOutputs.contains(t)
                    ? npuOutputs.int32ModelOutputs() && (readers.isEmpty() || toCpu && npuOutputs.int32ToCpu())
                    : !readers.isEmpty() && toCpu && npuOutputs.int32ToCpu();
            if (ok) {
                out.add(t);
            }
        }
        return out;
    }

    private static Set<String> graphOutputs(Graph g) {
        Set<String> out = new HashSet<>();
        g.outputs().forEach(o -> out.add(o.name()));
        return out;
    }

    private boolean onNpuBoth(Node a, Node b) {
        return onNpu.test(a) && onNpu.test(b);
    }

    private static boolean isFloat(Graph g, String v) {
        TensorType t = g.typeOf(v);
        return t.dtype() == DType.FLOAT;
    }
}
