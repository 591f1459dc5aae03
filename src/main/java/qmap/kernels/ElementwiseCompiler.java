package qmap.kernels;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import qmap.ir.DType;
import qmap.ir.Node;
import qmap.ir.Tensor;
import qmap.kernels.ElementwiseOps.Op;
import qmap.kernels.ElementwiseProgram.ChannelOperand;
import qmap.kernels.ElementwiseProgram.Input;
import qmap.kernels.ElementwiseProgram.Instruction;
import qmap.kernels.ElementwiseProgram.Operand;
import qmap.kernels.ElementwiseProgram.Source;

/**
 * Turns a chain of elementwise nodes into an {@link ElementwiseProgram}: one instruction per
 * node, then two common runs of nodes merged into one instruction each (so one pass over the
 * block instead of several), with the same float32 operations in the same order:
 * {@code Mul, Add} as a*b + c (multiply, then add: no fused multiply-add), and the hard-swish
 * of PaddleOCR's exports, {@code Add(u, k), Clip, Mul(u, .), Div(., d)}. Values live in scratch
 * slots reused once their last reader has run.
 */
final class ElementwiseCompiler {
    /** Value ids before slots are assigned: instruction i computes value i. */
    private final Map<String, Operand> values = new HashMap<>();
    private final Map<String, Tensor> constants;
    private final List<ChannelOperand> channelOperands = new ArrayList<>();
    private final List<Input> inputs;
    private int channelRank;
    private int channels;
    private int scalarRank;

    ElementwiseCompiler(List<Input> inputs, Map<String, Tensor> constants) {
        this.constants = constants;
        this.inputs = inputs;
    }

    ElementwiseProgram compile(List<Node> body) {
        boolean[] perChannelInput = new boolean[inputs.size()];
        for (int i = 0; i < inputs.size(); i++) {
            Input in = inputs.get(i);
            perChannelInput[i] = in.perChannel();
            if (i > 0 && in.perChannel()) {
                values.put(in.name(), channelOperand(null, i));
            } else if (!in.perChannel()) {
                values.put(in.name(), new Operand(Source.INPUT, i, null));
            } else {
                return null;
            }
        }
        List<Instruction> code = new ArrayList<>();
        for (Node n : body) {
            Instruction ins = instruction(n, code.size());
            if (ins == null) {
                return null;
            }
            code.add(ins);
            values.put(n.output(0), value(code.size() - 1));
        }
        if (code.isEmpty()) {
            return null;
        }
        code = merge(code);
        int slots = assignSlots(code);
        return new ElementwiseProgram(code.toArray(new Instruction[0]), channelOperands.toArray(new ChannelOperand[0]),
                perChannelInput, slots, channelRank, channels, scalarRank);
    }

    boolean constantsFit(Node node) {
        return switch (Op.of(node.opType())) {
            case CLIP -> bound(node, 1) != null && bound(node, 2) != null;
            case BATCH_NORM -> normFits(node);
            default -> true;
        };
    }

    /** A computed value before slots are assigned: SLOT with a negative index -1 - id. */
    private static Operand value(int id) {
        return new Operand(Source.SLOT, -1 - id, null);
    }

    private static int valueId(Operand o) {
        return o != null && o.source() == Source.SLOT && o.index() < 0 ? -1 - o.index() : -1;
    }

    private Instruction instruction(Node node, int id) {
        Op op = Op.of(node.opType());
        if (op == null || node.outputs().size() != 1 || !constantsFit(node)) {
            return null;
        }
        Operand a = operand(node.input(0));
        Operand b = null;
        if (op.binary()) {
            b = node.inputs().size() == 2 ? operand(node.input(1)) : null;
            if (b == null) {
                return null;
            }
        }
        if (a == null) {
            return null;
        }
        double[][] norm = null;
        if (op == Op.BATCH_NORM) {
            Tensor[] in = new Tensor[5];
            for (int i = 1; i < 5; i++) {
                in[i] = constants.get(node.input(i));
            }
            if (!channelsAgree(in[1].size(), 0)) {
                return null;
            }
            norm = FastBatchNormalization.coefficients(node, in, in[1].size());
        }
        float lo = op == Op.CLIP ? bound(node, 1) : 0;
        float hi = op == Op.CLIP ? bound(node, 2) : 0;
        return new Instruction(op, a, b, null, id, lo, hi, 0, 0, node.attrFloat("alpha", 0.2f),
                node.attrFloat("beta", 0.5f), norm);
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
            float[] block = new float[ElementwiseProgram.BLOCK];
            java.util.Arrays.fill(block, c.floats()[0]);
            scalarRank = Math.max(scalarRank, c.rank());
            return new Operand(Source.BLOCK, 0, block);
        }
        int axis = channelAxis(c.shape());
        // along x's axis 1 without adding axes: the constant's axis 0 or 1
        if (axis < 0 || axis > 1 || !channelsAgree(c.size(), c.rank() - axis + 1)) {
            return null;
        }
        return channelOperand(c.floats(), -1);
    }

    /** A per-channel operand: its own slot, filled once per span (slots 0.. go to these). */
    private Operand channelOperand(float[] values, int input) {
        int slot = channelOperands.size();
        channelOperands.add(new ChannelOperand(values, input, slot));
        return new Operand(Source.SLOT, slot, null);
    }

    /** Merges Mul, Add into MUL_ADD and the hard-swish run into HARD_SWISH_CHAIN where the inner values have no other reader. */
    private static List<Instruction> merge(List<Instruction> code) {
        int[] uses = uses(code);
        List<Instruction> out = new ArrayList<>();
        for (int i = 0; i < code.size(); i++) {
            Instruction swish = i + 3 < code.size() ? hardSwish(code, i, uses) : null;
            if (swish != null) {
                out.add(swish);
                i += 3;
                continue;
            }
            Instruction mulAdd = i + 1 < code.size() ? mulAdd(code.get(i), code.get(i + 1), uses) : null;
            if (mulAdd != null) {
                out.add(mulAdd);
                i += 1;
                continue;
            }
            out.add(code.get(i));
        }
        // merged instructions keep the id of the last one they replace: readers see the same value
        return out;
    }

    /** MUL(p, q) then ADD of its value and r (either order): p * q + r. */
    private static Instruction mulAdd(Instruction mul, Instruction add, int[] uses) {
        if (mul.op() != Op.MUL || add.op() != Op.ADD || uses[mul.dst()] != 1) {
            return null;
        }
        Operand r = valueId(add.a()) == mul.dst() ? add.b() : valueId(add.b()) == mul.dst() ? add.a() : null;
        if (r == null || valueId(r) == mul.dst()) {
            return null;
        }
        return new Instruction(Op.MUL_ADD, mul.a(), mul.b(), r, add.dst(), 0, 0, 0, 0, 0, 0, null);
    }

    /** ADD(u, k), CLIP, MUL(u, .), DIV(., d) with k and d scalars: (u * clip(u + k)) / d. */
    private static Instruction hardSwish(List<Instruction> code, int i, int[] uses) {
        Instruction add = code.get(i);
        Instruction clip = code.get(i + 1);
        Instruction mul = code.get(i + 2);
        Instruction div = code.get(i + 3);
        if (add.op() != Op.ADD || clip.op() != Op.CLIP || mul.op() != Op.MUL || div.op() != Op.DIV
                || uses[add.dst()] != 1 || uses[clip.dst()] != 1 || uses[mul.dst()] != 1) {
            return null;
        }
        Operand u = scalar(add.b()) != null ? add.a() : scalar(add.a()) != null ? add.b() : null;
        Float k = u == add.a() ? scalar(add.b()) : scalar(add.a());
        boolean clipsAdd = valueId(clip.a()) == add.dst();
        boolean mulsU = (same(mul.a(), u) && valueId(mul.b()) == clip.dst())
                || (same(mul.b(), u) && valueId(mul.a()) == clip.dst());
        Float d = valueId(div.a()) == mul.dst() ? scalar(div.b()) : null;
        if (u == null || k == null || !clipsAdd || !mulsU || d == null) {
            return null;
        }
        return new Instruction(Op.HARD_SWISH_CHAIN, u, null, null, div.dst(), clip.lo(), clip.hi(), k, d, 0, 0,
                null);
    }

    private static boolean same(Operand x, Operand y) {
        return x != null && y != null && x.source() == y.source() && x.index() == y.index() && x.block() == y.block();
    }

    /** The value of a scalar constant operand, else null. */
    private static Float scalar(Operand o) {
        return o != null && o.source() == Source.BLOCK ? o.block()[0] : null;
    }

    private static int[] uses(List<Instruction> code) {
        int[] uses = new int[code.size()];
        for (Instruction ins : code) {
            for (Operand o : new Operand[] {ins.a(), ins.b(), ins.c()}) {
                if (valueId(o) >= 0) {
                    uses[valueId(o)]++;
                }
            }
        }
        return uses;
    }

    /**
     * Gives each value a scratch slot after the per-channel ones, reusing a slot once the value
     * in it has been read for the last time; the last instruction writes the output (dst -1).
     * Returns the number of slots.
     */
    private int assignSlots(List<Instruction> code) {
        Map<Integer, Integer> lastRead = new HashMap<>();
        for (int i = 0; i < code.size(); i++) {
            for (Operand o : new Operand[] {code.get(i).a(), code.get(i).b(), code.get(i).c()}) {
                if (valueId(o) >= 0) {
                    lastRead.put(valueId(o), i);
                }
            }
        }
        Map<Integer, Integer> slotOf = new HashMap<>();
        List<Integer> free = new ArrayList<>();
        int slots = channelOperands.size();
        for (int i = 0; i < code.size(); i++) {
            Instruction ins = code.get(i);
            Instruction placed = new Instruction(ins.op(), slotted(ins.a(), slotOf), slotted(ins.b(), slotOf),
                    slotted(ins.c(), slotOf), ins.dst(), ins.lo(), ins.hi(), ins.add(), ins.div(), ins.alpha(),
                    ins.beta(), ins.norm());
            for (Operand o : new Operand[] {ins.a(), ins.b(), ins.c()}) {
                int v = valueId(o);
                if (v >= 0 && lastRead.get(v) == i && slotOf.containsKey(v)) {
                    free.add(slotOf.remove(v));
                }
            }
            if (i == code.size() - 1) {
                code.set(i, placed.withDst(-1));
                continue;
            }
            int slot = free.isEmpty() ? slots++ : free.remove(free.size() - 1);
            slotOf.put(ins.dst(), slot);
            code.set(i, placed.withDst(slot));
        }
        return slots;
    }

    private static Operand slotted(Operand o, Map<Integer, Integer> slotOf) {
        int v = valueId(o);
        return v >= 0 ? new Operand(Source.SLOT, slotOf.get(v), null) : o;
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
