package qmap.kernels;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import qmap.ir.DType;
import qmap.ir.Node;
import qmap.ir.Tensor;

/**
 * A chain of elementwise nodes compiled to run as one pass over memory: each node becomes an
 * instruction over blocks of {@link #BLOCK} elements held in per-thread scratch, so the chain
 * reads its inputs and writes its output once. Operands are the chain's inputs (the first is x;
 * the others have x's shape), values computed earlier in the chain, scalar constants and
 * per-channel constants (one value per index of x's axis 1). Every instruction computes what
 * the node's fast kernel computes ({@link ElementwiseOps}), so the chain gives the bits of the
 * nodes run one by one.
 */
public final class ElementwiseProgram {
    static final int BLOCK = 256;

    /** An input of the chain: of x's shape, or one value per channel (shape 1 x C x 1 x ...). */
    public record Input(String name, boolean perChannel) {
    }

    /** Where an operand's values are: an input array, a scratch slot, or a constant block. */
    private enum Source { INPUT, SLOT, BLOCK }

    private record Operand(Source source, int index, float[] block) {
    }

    private record Instruction(ElementwiseOps.Op op, Operand a, Operand b, float lo, float hi, double alpha,
                               double beta, double[][] norm) {
    }

    /**
     * A per-channel operand spread into a scratch slot for each span: a constant's values, or
     * (values null) those of input {@code input}.
     */
    private record ChannelOperand(float[] values, int input, int slot) {
    }

    private final Instruction[] code;
    private final ChannelOperand[] channelOperands;
    private final boolean[] perChannelInput;
    private final int slots;
    /** The rank x must have for the per-channel operands to lie along its axis 1; 0 when any rank. */
    private final int channelRank;
    /** x's extent along axis 1 that per-channel constants need; 0 when there are none. */
    private final int channels;
    /** The highest rank of a scalar constant (x must have at least this rank not to grow). */
    private final int scalarRank;
    private static final ThreadLocal<float[]> SCRATCH = ThreadLocal.withInitial(() -> new float[0]);

    private ElementwiseProgram(Instruction[] code, ChannelOperand[] channelOperands, boolean[] perChannelInput,
                               int slots, int channelRank, int channels, int scalarRank) {
        this.code = code;
        this.channelOperands = channelOperands;
        this.perChannelInput = perChannelInput;
        this.slots = slots;
        this.channelRank = channelRank;
        this.channels = channels;
        this.scalarRank = scalarRank;
    }

    /** Whether the program needs spans of one channel ({@link #run}'s channel argument). */
    public boolean perChannel() {
        return channelOperands.length > 0 || channels > 0;
    }

    /**
     * Whether the program runs on inputs of these types and shapes (x first, float32): the
     * others of x's shape or one value per channel as compiled, constants broadcasting along x
     * without changing its shape.
     */
    public boolean fits(int[] x, Tensor[] others) {
        if (x.length < scalarRank || (perChannel() && (x.length < 2 || (channels > 0 && x[1] != channels)
                || (channelRank != 0 && x.length != channelRank)))) {
            return false;
        }
        for (int i = 0; i < others.length; i++) {
            Tensor t = others[i];
            if (t.dtype() != DType.FLOAT || (perChannelInput[i + 1] ? !channelShaped(t.shape(), x)
                    : !java.util.Arrays.equals(t.shape(), x))) {
                return false;
            }
        }
        return true;
    }

    /** 1 x C x 1 x ... against x of N x C x ...: one value per channel. */
    private static boolean channelShaped(int[] shape, int[] x) {
        if (shape.length != x.length) {
            return false;
        }
        for (int d = 0; d < shape.length; d++) {
            if (shape[d] != (d == 1 ? x[1] : 1)) {
                return false;
            }
        }
        return true;
    }

    /**
     * Writes the chain's value at elements {@code [offset, offset + length)} into {@code out},
     * reading every input at the same elements; all of them in channel {@code channel} when
     * {@link #perChannel}. {@code out} may be the first input (in place).
     */
    public void run(float[][] inputs, float[] out, int offset, int length, int channel) {
        float[] scratch = scratch(slots * BLOCK);
        for (ChannelOperand c : channelOperands) {
            float v = c.values != null ? c.values[channel] : inputs[c.input][channel];
            java.util.Arrays.fill(scratch, c.slot * BLOCK, (c.slot + 1) * BLOCK, v);
        }
        for (int start = 0; start < length; start += BLOCK) {
            int n = Math.min(BLOCK, length - start);
            int at = offset + start;
            for (int i = 0; i < code.length; i++) {
                Instruction ins = code[i];
                boolean last = i == code.length - 1;
                execute(ins, inputs, scratch, at, channel, last ? out : scratch, last ? at : i * BLOCK, n);
            }
        }
    }

    /** This program as the epilogue of a kernel writing x into {@code y}, with the other inputs given. */
    public Epilogue inPlace(float[] y, float[][] others) {
        float[][] inputs = new float[others.length + 1][];
        inputs[0] = y;
        System.arraycopy(others, 0, inputs, 1, others.length);
        return (out, offset, length, channel) -> run(inputs, out, offset, length, channel);
    }

    private static void execute(Instruction ins, float[][] inputs, float[] scratch, int at, int channel, float[] y,
                                int yi, int n) {
        float[] a = array(ins.a, inputs, scratch);
        int ai = offset(ins.a, at);
        switch (ins.op) {
            case ADD, SUB, MUL, DIV -> ElementwiseOps.binary(ins.op, a, ai, array(ins.b, inputs, scratch),
                    offset(ins.b, at), y, yi, n);
            case CLIP -> ElementwiseOps.clip(a, ai, y, yi, n, ins.lo, ins.hi);
            case RELU -> ElementwiseOps.relu(a, ai, y, yi, n);
            case SIGMOID -> ElementwiseOps.sigmoid(a, ai, y, yi, n);
            case HARD_SIGMOID -> FastActivation.apply(FastActivation.Kind.HARD_SIGMOID, a, ai, y, yi, n, ins.alpha,
                    ins.beta);
            case HARD_SWISH -> FastActivation.apply(FastActivation.Kind.HARD_SWISH, a, ai, y, yi, n, 0, 0);
            case BATCH_NORM -> ElementwiseOps.batchNorm(a, ai, y, yi, n, ins.norm[0][channel],
                    ins.norm[1][channel], ins.norm[2][channel]);
        }
    }

    private static float[] array(Operand o, float[][] inputs, float[] scratch) {
        return switch (o.source) {
            case INPUT -> inputs[o.index];
            case SLOT -> scratch;
            case BLOCK -> o.block;
        };
    }

    private static int offset(Operand o, int at) {
        return switch (o.source) {
            case INPUT -> at;
            case SLOT -> o.index * BLOCK;
            case BLOCK -> 0;
        };
    }

    private static float[] scratch(int size) {
        float[] s = SCRATCH.get();
        if (s.length < size) {
            s = new float[size];
            SCRATCH.set(s);
        }
        return s;
    }

    /**
     * Compiles {@code body} (elementwise nodes in order, each reading the inputs, earlier
     * outputs or constants; the last node's output is the result), or returns null when a node
     * or operand is not supported.
     */
    public static ElementwiseProgram compile(List<Node> body, List<Input> inputs, Map<String, Tensor> constants) {
        return new Compiler(inputs, constants).compile(body);
    }

    /** Whether {@code node} can be an instruction, given which of its inputs are varying (the others constant). */
    public static boolean supports(Node node, Map<String, Tensor> constants) {
        return ElementwiseOps.Op.of(node.opType()) != null && node.outputs().size() == 1
                && new Compiler(List.of(), constants).constantsFit(node);
    }

    /** Turns nodes into instructions, one slot per node output. */
    private static final class Compiler {
        private final Map<String, Operand> values = new HashMap<>();
        private final Map<String, Tensor> constants;
        private final List<ChannelOperand> channelOperands = new ArrayList<>();
        private final List<Input> inputs;
        private int slots;
        private int channelRank;
        private int channels;
        private int scalarRank;

        Compiler(List<Input> inputs, Map<String, Tensor> constants) {
            this.constants = constants;
            this.inputs = inputs;
        }

        ElementwiseProgram compile(List<Node> body) {
            List<Instruction> code = new ArrayList<>();
            slots = body.size();
            boolean[] perChannelInput = new boolean[inputs.size()];
            for (int i = 0; i < inputs.size(); i++) {
                Input in = inputs.get(i);
                perChannelInput[i] = in.perChannel();
                if (i > 0 && in.perChannel()) {
                    values.put(in.name(), new Operand(Source.SLOT, slots, null));
                    channelOperands.add(new ChannelOperand(null, i, slots++));
                } else if (!in.perChannel()) {
                    values.put(in.name(), new Operand(Source.INPUT, i, null));
                } else {
                    return null;
                }
            }
            for (int i = 0; i < body.size(); i++) {
                Instruction ins = instruction(body.get(i));
                if (ins == null) {
                    return null;
                }
                code.add(ins);
                values.put(body.get(i).output(0), new Operand(Source.SLOT, i, null));
            }
            if (code.isEmpty()) {
                return null;
            }
            return new ElementwiseProgram(code.toArray(new Instruction[0]),
                    channelOperands.toArray(new ChannelOperand[0]), perChannelInput, slots, channelRank, channels,
                    scalarRank);
        }

        boolean constantsFit(Node node) {
            ElementwiseOps.Op op = ElementwiseOps.Op.of(node.opType());
            return switch (op) {
                case CLIP -> bound(node, 1) != null && bound(node, 2) != null;
                case BATCH_NORM -> normFits(node);
                default -> true;
            };
        }

        private Instruction instruction(Node node) {
            ElementwiseOps.Op op = ElementwiseOps.Op.of(node.opType());
            if (op == null || node.outputs().size() != 1 || !constantsFit(node)) {
                return null;
            }
            Operand a = operand(node.input(0));
            if (a == null) {
                return null;
            }
            Operand b = null;
            if (op.binary()) {
                b = node.inputs().size() == 2 ? operand(node.input(1)) : null;
                if (b == null) {
                    return null;
                }
            }
            double[][] norm = null;
            if (op == ElementwiseOps.Op.BATCH_NORM) {
                Tensor[] in = new Tensor[5];
                for (int i = 1; i < 5; i++) {
                    in[i] = constants.get(node.input(i));
                }
                int c = in[1].size();
                if (!channelsAgree(c, 0)) {
                    return null;
                }
                norm = FastBatchNormalization.coefficients(node, in, c);
            }
            float lo = op == ElementwiseOps.Op.CLIP ? bound(node, 1) : 0;
            float hi = op == ElementwiseOps.Op.CLIP ? bound(node, 2) : 0;
            return new Instruction(op, a, b, lo, hi, node.attrFloat("alpha", 0.2f), node.attrFloat("beta", 0.5f),
                    norm);
        }

        /** A value of the chain, or a constant spread into a block (scalar) or a slot (per channel). */
        private Operand operand(String name) {
            Operand known = values.get(name);
            if (known != null) {
                return known;
            }
            Tensor c = constants.get(name);
            if (c == null || c.dtype() != DType.FLOAT) {
                return null;
            }
            if (c.size() == 1) {
                float[] block = new float[BLOCK];
                java.util.Arrays.fill(block, c.floats()[0]);
                scalarRank = Math.max(scalarRank, c.rank());
                return new Operand(Source.BLOCK, 0, block);
            }
            int axis = channelAxis(c.shape());
            // along x's axis 1 without adding axes: the constant's axis 0 or 1
            if (axis < 0 || axis > 1 || !channelsAgree(c.size(), c.rank() - axis + 1)) {
                return null;
            }
            Operand o = new Operand(Source.SLOT, slots++, null);
            channelOperands.add(new ChannelOperand(c.floats(), -1, o.index));
            return o;
        }

        /** The one axis of {@code shape} that is not 1, or -1. */
        private static int channelAxis(int[] shape) {
            int axis = -1;
            for (int d = 0; d < shape.length; d++) {
                if (shape[d] != 1) {
                    if (axis >= 0) {
                        return -1;
                    }
                    axis = d;
                }
            }
            return axis;
        }

        /** Records (or checks) x's channel count, and the rank x needs (0: any rank >= 2). */
        private boolean channelsAgree(int c, int rank) {
            if ((channels != 0 && channels != c) || (rank != 0 && channelRank != 0 && channelRank != rank)) {
                return false;
            }
            channels = c;
            if (rank != 0) {
                channelRank = rank;
            }
            return true;
        }

        /** A Clip bound: the constant scalar, an infinity when absent, or null when not a float32 constant scalar. */
        private Float bound(Node node, int i) {
            if (!node.hasInput(i)) {
                return i == 1 ? Float.NEGATIVE_INFINITY : Float.POSITIVE_INFINITY;
            }
            Tensor t = constants.get(node.input(i));
            return t != null && t.dtype() == DType.FLOAT && t.size() == 1 ? t.floats()[0] : null;
        }

        private boolean normFits(Node node) {
            if (node.inputs().size() != 5 || node.attrInt("training_mode", 0) != 0) {
                return false;
            }
            int c = -1;
            for (int i = 1; i < 5; i++) {
                Tensor t = constants.get(node.input(i));
                if (t == null || t.dtype().storage() == DType.Storage.STRING || (c >= 0 && t.size() != c)) {
                    return false;
                }
                c = t.size();
            }
            return true;
        }
    }
}
