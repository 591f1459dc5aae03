package qmap.kernels;

import java.util.List;
import java.util.Map;
import qmap.ir.DType;
import qmap.ir.Node;
import qmap.ir.Tensor;

/**
 * A chain of elementwise nodes compiled ({@link ElementwiseCompiler}) to run as one pass over
 * memory: each node, or a common run of nodes, becomes an instruction over blocks of
 * {@link #BLOCK} elements held in per-thread scratch, so the chain reads its inputs and writes
 * its output once. Operands are the chain's inputs (the first is x;
 * the others have x's shape), values computed earlier in the chain, scalar constants and
 * per-channel constants (one value per index of x's axis 1). Every instruction computes what
 * the node's fast kernel computes ({@link ElementwiseOps}), so the chain gives the bits of the
 * nodes run one by one.
 */
public final class ElementwiseProgram {
    static final int BLOCK = 512;

    /** An input of the chain: of x's shape, or one value per channel (shape 1 x C x 1 x ...). */
    public record Input(String name, boolean perChannel) {
    }

    /** Where an operand's values are: an input array, a scratch slot, or a constant block. */
    enum Source { INPUT, SLOT, BLOCK }

    record Operand(Source source, int index, float[] block) {
    }

    /**
     * dst = op(a, b, c): {@code dst} a scratch slot, or -1 for the output (the last
     * instruction); lo and hi bound Clip and the hard-swish chain, {@code add} and {@code div}
     * are the chain's other constants, alpha and beta HardSigmoid's, norm batch normalization's
     * per-channel coefficients.
     */
    record Instruction(ElementwiseOps.Op op, Operand a, Operand b, Operand c, int dst, float lo, float hi, float add,
                       float div, double alpha, double beta, double[][] norm) {
        Instruction withDst(int slot) {
            return new Instruction(op, a, b, c, slot, lo, hi, add, div, alpha, beta, norm);
        }
    }

    /**
     * A per-channel operand spread into a scratch slot for each span: a constant's values, or
     * (values null) those of input {@code input}.
     */
    record ChannelOperand(float[] values, int input, int slot) {
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

    ElementwiseProgram(Instruction[] code, ChannelOperand[] channelOperands, boolean[] perChannelInput,
                               int slots, int channelRank, int channels, int scalarRank) {
        this.code = code;
        this.channelOperands = channelOperands;
        this.perChannelInput = perChannelInput;
        this.slots = slots;
        this.channelRank = channelRank;
        this.channels = channels;
        this.scalarRank = scalarRank;
    }

    /** The instructions' operations, in order. */
    List<ElementwiseOps.Op> ops() {
        List<ElementwiseOps.Op> ops = new java.util.ArrayList<>();
        for (Instruction ins : code) {
            ops.add(ins.op());
        }
        return ops;
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
            for (Instruction ins : code) {
                boolean result = ins.dst < 0;
                execute(ins, inputs, scratch, at, channel, result ? out : scratch, result ? at : ins.dst * BLOCK, n);
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
            case MUL_ADD -> ElementwiseOps.mulAdd(a, ai, array(ins.b, inputs, scratch), offset(ins.b, at),
                    array(ins.c, inputs, scratch), offset(ins.c, at), y, yi, n);
            case HARD_SWISH_CHAIN -> ElementwiseOps.hardSwishChain(a, ai, y, yi, n, ins.add, ins.lo, ins.hi, ins.div);
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
        return new ElementwiseCompiler(inputs, constants).compile(body);
    }

    /** Whether {@code node} can be an instruction, given which of its inputs are varying (the others constant). */
    public static boolean supports(Node node, Map<String, Tensor> constants) {
        return ElementwiseOps.Op.of(node.opType()) != null && node.outputs().size() == 1
                && new ElementwiseCompiler(List.of(), constants).constantsFit(node);
    }
}
