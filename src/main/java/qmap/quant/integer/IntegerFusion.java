package qmap.quant.integer;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import qmap.ir.DType;
import qmap.ir.Graph;
import qmap.ir.Node;
import qmap.ir.Tensor;
import qmap.ir.TensorType;
import qmap.kernels.Chains;
import qmap.kernels.FusedBody;
import qmap.kernels.Fusion;
import qmap.ops.Operator;

/**
 * Execution-only fusion for the integer runtime, after the float {@link Fusion}: a chain of
 * integer nodes that computes an 8-bit tensor elementwise from one 8-bit tensor x, single-value
 * or per-channel constants and tensors of one value per channel of x (QAdd and QMul of such
 * operands, QLut with one table or one per channel; a hard-swish is five of them, a
 * squeeze-excitation product and residual two, a bias, BatchNormalization and Relu three) is a
 * function of x's 256 possible values (per channel when it reads anything per channel). The chain
 * runs as a look-up table of that function, made by running the chain's own operators on a
 * tensor holding every value once, so its bits are those of the nodes run one by one:
 * <ul>
 * <li>after the QConv or QConvTranspose that produces x, when the chain alone reads x and reads
 * no per-channel tensor: the convolution looks its requantized outputs up ({@code QConvLut}),
 * no pass over memory;</li>
 * <li>otherwise one look-up pass over x ({@code QLutChain}), the per-channel tables made each
 * run from the per-channel tensors.</li>
 * </ul>
 * A float-mode QAdd of 8-bit tensors of one static shape that alone reads the output of a QConv
 * ({@link QConvAdd}) or of a look-up pass (the QLutChain then adds too) runs in that step, on
 * each span of codes as it is written (a residual sum: no pass of its own over memory).
 * The graph is not changed; fused nodes are in {@link Fusion#DOMAIN}, named after their first
 * node plus the count of the others.
 */
public final class IntegerFusion {
    private static final int[] NHWC_TO_NCHW = {0, 3, 1, 2};
    private final Graph graph;
    private final List<Node> nodes = new ArrayList<>();
    private final List<Operator> ops = new ArrayList<>();
    private final Chains chains;

    private IntegerFusion(Graph graph, List<Fusion.Step> steps) {
        this.graph = graph;
        for (Fusion.Step s : steps) {
            nodes.add(s.node());
            ops.add(s.op());
        }
        chains = new Chains(graph, nodes);
    }

    /** The plan for {@code graph} whose node i runs {@code ops[i]}: float chains fused, then integer ones. */
    public static List<Fusion.Step> plan(Graph graph, Operator[] ops) {
        return new IntegerFusion(graph, Fusion.plan(graph, ops)).plan();
    }

    private List<Fusion.Step> plan() {
        for (int i = 0; i < nodes.size(); i++) {
            if (!chains.claimed(i)) {
                fuseFrom(i);
            }
        }
        return chains.steps(ops::get);
    }

    /** Fuses the chain from node i, if any: the step is recorded at its last node, its nodes claimed. */
    private void fuseFrom(int i) {
        Node start = nodes.get(i);
        if (start.domain().isEmpty() && start.opType().equals("Cast")) {
            fuseInput(i);
            return;
        }
        if (start.domain().isEmpty() && start.opType().equals("Resize")) {
            fuseResizeLut(i);
            return;
        }
        boolean conv = (isInteger(start, "QConv") && ops.get(i) instanceof QConv
                || isInteger(start, "QConvTranspose") && ops.get(i) instanceof QConvTranspose)
                && start.outputs().size() == 1;
        String x = conv ? start.output(0) : firstVarying(start);
        if (x == null) {
            return;
        }
        DType xType = conv ? IntegerTensors.outputType(start) : graph.typeOf(x).dtype();
        TensorType xShape = graph.typeOf(x);
        if (xType == null || xType.bits() != 8 || !xType.isInteger() || !xShape.isStatic() || size(xShape) <= 1
                || !conv && !tabulates(start, Set.of(x), xShape)) {
            return;
        }
        List<Integer> chain = chains.grow(i, x, !conv, (j, inside) -> tabulates(nodes.get(j), inside, xShape));
        // a lone QLut is a look-up pass already
        boolean lut = isInteger(start, "QLut");
        List<Integer> fused = new ArrayList<>();
        chains.fuseLongest(i, chain, size -> size > (conv ? 0 : 1) || size == 1 && !lut, c -> {
            Fusion.Step s = step(i, conv, x, xType, c);
            fused.addAll(s == null ? List.of() : c);
            return s;
        });
        if (conv && !chains.claimed(i)) {
            fuseResidual(i);
        } else if (!conv && !fused.isEmpty()) {
            chainResidual(fused.get(fused.size() - 1));
        }
    }

    /**
     * The look-up chain recorded at node {@code last} with the QAdd that alone reads its output
     * ({@link #residualAdd}) as one {@link QLutChain}, recorded at the add.
     */
    private void chainResidual(int last) {
        Fusion.Step step = chains.stepAt(last);
        int j = step == null || !(step.op() instanceof QLutChain) ? -1 : residualAdd(nodes.get(last), true);
        if (j < 0) {
            return;
        }
        Node add = nodes.get(j);
        int side = add.input(0).equals(nodes.get(last).output(0)) ? 0 : 1;
        List<String> inputs = new ArrayList<>(step.node().inputs());
        inputs.add(add.input(1 - side));
        Node fused = step.node().toBuilder().name(step.node().name() + "+1").inputs(inputs).outputs(add.output(0))
                .build();
        chains.move(last, j, new Fusion.Step(fused, ((QLutChain) step.op()).withResidual(add, ops.get(j), side)));
    }

    /**
     * The index of the float-mode 8-bit QAdd that alone reads n's 8-bit output, with another
     * non-constant 8-bit tensor of the same static shape; -1 when there is none.
     */
    private int residualAdd(Node n, boolean outputTyped) {
        String y = n.output(0);
        List<Integer> readers = chains.readers(y);
        if (readers.size() != 1 || chains.isGraphOutput(y)) {
            return -1;
        }
        int j = readers.get(0);
        Node add = nodes.get(j);
        if (chains.claimed(j) || !isInteger(add, "QAdd") || !(ops.get(j) instanceof QAdd) || add.inputs().size() != 2
                || add.outputs().size() != 1 || add.input(0).equals(add.input(1))
                || RequantMode.of(add).kind() != RequantMode.Kind.FLOAT || IntegerTensors.outputType(add).bits() != 8) {
            return -1;
        }
        String other = add.input(add.input(0).equals(y) ? 1 : 0);
        TensorType yType = graph.typeOf(y);
        TensorType otherType = graph.typeOf(other);
        DType yCodes = outputTyped ? yType == null ? null : yType.dtype() : IntegerTensors.outputType(n);
        if (graph.isConstant(other) || yType == null || otherType == null || !yType.isStatic()
                || !otherType.isStatic() || !Arrays.equals(yType.dims(), otherType.dims()) || yCodes == null
                || yCodes.bits() != 8 || otherType.dtype() == null || otherType.dtype().bits() != 8
                || !otherType.dtype().isInteger()) {
            return -1;
        }
        return j;
    }

    /**
     * A QConv whose 8-bit output only a float-mode QAdd reads, with another 8-bit tensor of the
     * same static shape: one {@link QConvAdd}.
     */
    private void fuseResidual(int i) {
        Node conv = nodes.get(i);
        int j = ops.get(i) instanceof QConv ? residualAdd(conv, false) : -1;
        if (j < 0) {
            return;
        }
        Node add = nodes.get(j);
        int side = add.input(0).equals(conv.output(0)) ? 0 : 1;
        List<String> inputs = new ArrayList<>(conv.inputs());
        inputs.add(add.input(1 - side));
        Node fused = Node.builder("QConvAdd").domain(Fusion.DOMAIN).name(conv.name() + "+1").inputs(inputs)
                .outputs(add.output(0)).build();
        FusedBody body = new FusedBody(List.of(conv, add), List.of(ops.get(i), ops.get(j)), Map.of());
        chains.claim(i, List.of(j), new Fusion.Step(fused, new QConvAdd(conv, (QConv) ops.get(i), add, side, body)));
    }

    /**
     * The fused step for a chain whose intermediate values (and x, after a QConv) are read only
     * inside it; null otherwise, or when a QConv's chain reads per-channel tensors.
     */
    private Fusion.Step step(int start, boolean conv, String x, DType xType, List<Integer> chain) {
        if (!chains.readOnlyInside(start, chain)) {
            return null;
        }
        List<Node> body = new ArrayList<>();
        List<Operator> bodyOps = new ArrayList<>();
        Set<String> produced = new HashSet<>();
        Set<String> perChannel = new LinkedHashSet<>();
        Map<String, Tensor> constants = new HashMap<>();
        for (int j : chain) {
            Node n = nodes.get(j);
            body.add(n);
            bodyOps.add(ops.get(j));
            for (String v : n.inputs()) {
                if (graph.isConstant(v)) {
                    constants.put(v, graph.constants().get(v));
                } else if (!v.equals(x) && !produced.contains(v)) {
                    perChannel.add(v);
                }
            }
            produced.add(n.output(0));
        }
        if (conv && !perChannel.isEmpty()) {
            return null;
        }
        TensorType xShape = graph.typeOf(x);
        boolean channelwise = !perChannel.isEmpty() || constants.values().stream().anyMatch(t -> t.size() > 1
                && perChannel(t.shape(), xShape)) || body.stream().anyMatch(n -> n.opType().equals("QLut")
                && size(n.attrInts("table_shape", new long[0])) > 1);
        ChainTables tables = new ChainTables(body, bodyOps, constants, x, xType, List.copyOf(perChannel),
                channelwise ? xShape.dims()[1] : 1);
        Node last = body.get(body.size() - 1);
        List<String> inputs = new ArrayList<>();
        if (conv) {
            Node c = nodes.get(start);
            body.add(0, c);
            bodyOps.add(0, ops.get(start));
            inputs.addAll(c.inputs());
        } else {
            inputs.add(x);
            inputs.addAll(perChannel);
        }
        Node first = body.get(0);
        Node fused = Node.builder(conv ? "QConvLut" : "QLutChain").domain(Fusion.DOMAIN)
                .name(first.name() + "+" + (body.size() - 1)).inputs(inputs).outputs(last.output(0)).build();
        FusedBody fallback = new FusedBody(body, bodyOps, constants);
        Operator startOp = ops.get(start);
        Operator op = !conv ? new QLutChain(tables, fallback)
                : new QConvLut(nodes.get(start), startOp instanceof QConv q ? q::convolve
                : ((QConvTranspose) startOp)::convolve, tables.constant(), fallback);
        return new Fusion.Step(fused, op);
    }

    /**
     * An 8-bit tensor's way into the integer graph, fused into one {@link QTransposeLut} when it
     * is Cast to float, at most one Transpose, float Add/Sub/Mul/Div with constants of one value
     * or one per channel (of the transposed tensor's axis 1), then Quantize to 8 bits, each value
     * read only by the next node.
     */
    private void fuseInput(int i) {
        Node cast = nodes.get(i);
        String x = cast.input(0);
        TensorType xShape = graph.typeOf(x);
        if (xShape == null || xShape.dtype() == null || xShape.dtype().bits() != 8 || !xShape.dtype().isInteger()
                || !xShape.isStatic() || xShape.rank() < 1 || cast.attrInt("to", 0) != DType.FLOAT.onnxCode()) {
            return;
        }
        List<Integer> chain = new ArrayList<>(List.of(i));
        int[] perm = null;
        int[] taken = null;
        int[] shape = xShape.dims();
        for (String value = cast.output(0); ; ) {
            List<Integer> readers = chains.readers(value);
            if (readers.size() != 1 || chains.claimed(readers.get(0)) || chains.isGraphOutput(value)) {
                return;
            }
            int j = readers.get(0);
            Node n = nodes.get(j);
            if (perm == null && chain.size() == 1 && n.domain().isEmpty() && n.opType().equals("Transpose")) {
                perm = toInts(n.attrInts("perm", reversed(shape.length)));
                shape = permuted(shape, perm);
            } else if (taken == null && chain.size() == 2 && perm != null && Arrays.equals(perm, NHWC_TO_NCHW)
                    && (taken = channelsTaken(n, value, shape[1])) != null) {
                shape = shape.clone();
                shape[1] = taken.length;
            } else if (isInteger(n, "Quantize") && IntegerTensors.outputType(n).bits() == 8) {
                chain.add(j);
                break;
            } else if (!elementwise(n, value, shape)) {
                return;
            }
            chain.add(j);
            value = n.output(0);
        }
        if (!chains.readOnlyInside(i, chain)) {
            return;
        }
        List<Node> all = new ArrayList<>();
        List<Operator> allOps = new ArrayList<>();
        List<Node> body = new ArrayList<>();
        List<Operator> bodyOps = new ArrayList<>();
        Map<String, Tensor> constants = new HashMap<>();
        boolean channelwise = false;
        for (int j : chain) {
            Node n = nodes.get(j);
            all.add(n);
            allOps.add(ops.get(j));
            boolean moves = n.domain().isEmpty() && (n.opType().equals("Transpose") || n.opType().equals("Gather"));
            for (String v : n.inputs()) {
                if (graph.isConstant(v)) {
                    constants.put(v, graph.constants().get(v));
                    // a Gather's indices move channels; only the arithmetic's constants differ per channel
                    channelwise |= !moves && graph.constants().get(v).size() > 1;
                }
            }
            if (moves) {
                // the tables see the bytes already moved: the Cast writes what the Transpose (and Gather) did
                body.set(0, cast.toBuilder().outputs(n.output(0)).build());
            } else {
                body.add(n);
                bodyOps.add(ops.get(j));
            }
        }
        if (channelwise && shape.length != 4) {
            return;
        }
        ValueTable table = new ChainTables(body, bodyOps, constants, x, xShape.dtype(), List.of(),
                channelwise ? shape[1] : 1).constant();
        Node last = all.get(all.size() - 1);
        Node fused = Node.builder("QTransposeLut").domain(Fusion.DOMAIN).name(cast.name() + "+" + (all.size() - 1))
                .inputs(x).outputs(last.output(0)).build();
        QTransposeLut op = new QTransposeLut(xShape.dtype(), xShape.dims(), perm == null ? identity(shape.length)
                : perm, taken, table, new FusedBody(all, allOps, constants));
        chains.claim(i, chain.subList(1, chain.size()), new Fusion.Step(fused, op));
    }

    /**
     * A nearest Resize of an 8-bit tensor whose output only a one-table QLut reads: one {@link
     * QLutResize} (the look-up before the Resize, on the smaller tensor).
     */
    private void fuseResizeLut(int i) {
        Node resize = nodes.get(i);
        TensorType x = graph.typeOf(resize.input(0));
        List<Integer> readers = chains.readers(resize.output(0));
        if (x == null || x.dtype() == null || x.dtype().bits() != 8 || !x.dtype().isInteger()
                || !resize.attrString("mode", "nearest").equals("nearest") || readers.size() != 1
                || chains.isGraphOutput(resize.output(0))) {
            return;
        }
        int j = readers.get(0);
        Node lut = nodes.get(j);
        if (chains.claimed(j) || !isInteger(lut, "QLut") || lut.inputs().size() != 2
                || !lut.input(0).equals(resize.output(0)) || !graph.isConstant(lut.input(1))
                || size(lut.attrInts("table_shape", new long[0])) != 1 || IntegerTensors.outputType(lut).bits() != 8) {
            return;
        }
        List<String> inputs = new ArrayList<>(resize.inputs());
        inputs.add(lut.input(1));
        Node fused = Node.builder("QLutResize").domain(Fusion.DOMAIN).name(resize.name() + "+1").inputs(inputs)
                .outputs(lut.output(0)).build();
        chains.claim(i, List.of(j), new Fusion.Step(fused, new QLutResize(resize, ops.get(i), lut, ops.get(j))));
    }

    /**
     * The channels a Gather on axis 1 of {@code value} takes (constant indices, one dimension,
     * each in [0, channels)), or null when n is not such a Gather.
     */
    private int[] channelsTaken(Node n, String value, int channels) {
        if (!n.domain().isEmpty() || !n.opType().equals("Gather") || n.inputs().size() != 2
                || !n.input(0).equals(value) || !graph.isConstant(n.input(1))) {
            return null;
        }
        long axis = n.attrInt("axis", 0);
        Tensor indices = graph.constants().get(n.input(1));
        if (axis != 1 && axis != -3 || indices.rank() != 1 || indices.size() == 0 || !indices.dtype().isInteger()) {
            return null;
        }
        long[] v = indices.longs();
        int[] taken = new int[v.length];
        for (int i = 0; i < v.length; i++) {
            long c = v[i] < 0 ? v[i] + channels : v[i];
            if (c < 0 || c >= channels) {
                return null;
            }
            taken[i] = (int) c;
        }
        return taken;
    }

    /**
     * Whether n is float Add/Sub/Mul/Div (or a fused chain of elementwise float nodes) of
     * {@code value} and constants of one value or one per channel of a tensor of this shape.
     */
    private boolean elementwise(Node n, String value, int[] shape) {
        boolean plain = n.domain().isEmpty() && Set.of("Add", "Sub", "Mul", "Div").contains(n.opType());
        boolean fused = n.domain().equals(Fusion.DOMAIN) && n.opType().equals("FusedElementwise");
        if (!plain && !fused || n.outputs().size() != 1) {
            return false;
        }
        boolean reads = false;
        for (String v : n.inputs()) {
            if (v.equals(value)) {
                reads = true;
            } else if (v.isEmpty() || !graph.isConstant(v) || !oneOrPerChannel(graph.constants().get(v), shape)) {
                return false;
            }
        }
        return reads;
    }

    /** A float constant of one value, or of one value per channel (axis 1) of a rank-4 tensor of this shape. */
    private static boolean oneOrPerChannel(Tensor c, int[] shape) {
        if (c.dtype() != DType.FLOAT) {
            return false;
        }
        if (c.size() == 1) {
            return true;
        }
        int[] dims = c.shape();
        if (shape.length != 4 || dims.length > 4 || dims.length < 3) {
            return false;
        }
        int offset = 4 - dims.length;
        for (int d = 0; d < dims.length; d++) {
            if (dims[d] != (d + offset == 1 ? shape[1] : 1)) {
                return false;
            }
        }
        return true;
    }

    /** ONNX Transpose's default permutation: the axes reversed. */
    private static long[] reversed(int rank) {
        long[] p = new long[rank];
        for (int d = 0; d < rank; d++) {
            p[d] = rank - 1 - d;
        }
        return p;
    }

    private static int[] identity(int rank) {
        int[] p = new int[rank];
        for (int d = 0; d < rank; d++) {
            p[d] = d;
        }
        return p;
    }

    private static int[] permuted(int[] dims, int[] perm) {
        int[] out = new int[dims.length];
        for (int d = 0; d < dims.length; d++) {
            out[d] = dims[perm[d]];
        }
        return out;
    }

    /**
     * Whether n computes an 8-bit tensor elementwise from chain values ({@code inside}, at least
     * one), single-value constants and static tensors of one value per channel of x.
     */
    private boolean tabulates(Node n, Set<String> inside, TensorType xShape) {
        if (!n.domain().equals(IntegerOps.DOMAIN) || n.outputs().size() != 1 || n.output(0).isEmpty()
                || IntegerTensors.outputType(n).bits() != 8) {
            return false;
        }
        if (n.opType().equals("QLut")) {
            long[] tables = n.attrInts("table_shape", new long[0]);
            return n.inputs().size() == 2 && inside.contains(n.input(0)) && graph.isConstant(n.input(1))
                    && (size(tables) == 1 || perChannel(toInts(tables), xShape));
        }
        if (!n.opType().equals("QAdd") && !n.opType().equals("QMul") || n.inputs().size() != 2) {
            return false;
        }
        boolean reads = false;
        for (String v : n.inputs()) {
            if (inside.contains(v)) {
                reads = true;
            } else if (graph.isConstant(v) ? graph.constants().get(v).size() != 1
                    && !perChannel(graph.constants().get(v).shape(), xShape) : !perChannel(graph.typeOf(v), xShape)) {
                return false;
            }
        }
        return reads;
    }

    /** A static 1 x C x 1 x ... 8-bit type against a static 1 x C x ... x with more than one value per channel. */
    private static boolean perChannel(TensorType t, TensorType x) {
        return t.dtype() != null && t.dtype().bits() == 8 && t.isStatic() && perChannel(t.dims(), x);
    }

    /** A 1 x C x 1 x ... shape against a static 1 x C x ... x with more than one value per channel. */
    private static boolean perChannel(int[] dims, TensorType x) {
        if (dims.length != x.rank() || x.rank() < 3 || x.dims()[0] != 1) {
            return false;
        }
        for (int d = 0; d < dims.length; d++) {
            if (dims[d] != (d == 1 ? x.dims()[1] : 1)) {
                return false;
            }
        }
        return size(x) / x.dims()[1] > 1;
    }

    private static int[] toInts(long[] v) {
        int[] out = new int[v.length];
        for (int i = 0; i < v.length; i++) {
            out[i] = (int) v[i];
        }
        return out;
    }

    private static boolean isInteger(Node n, String opType) {
        return n.domain().equals(IntegerOps.DOMAIN) && n.opType().equals(opType);
    }

    private String firstVarying(Node n) {
        for (String v : n.inputs()) {
            if (!v.isEmpty() && !graph.isConstant(v)) {
                return v;
            }
        }
        return null;
    }

    private static long size(TensorType t) {
        long n = 1;
        for (int d : t.dims()) {
            n *= d;
        }
        return n;
    }

    private static long size(long[] dims) {
        long n = 1;
        for (long d : dims) {
            n *= d;
        }
        return n;
    }
}
