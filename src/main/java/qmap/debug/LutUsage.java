package qmap.debug;

import qmap.kernels.FastKernels;
import java.util.BitSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import qmap.ir.Graph;
import qmap.ir.Node;
import qmap.ir.Tensor;
import qmap.ops.OpRegistry;
import qmap.quant.ActivationQuant;
import qmap.quant.QuantPlan;

/**
 * For look-up-table ops (unary non-linear ops the NPU runs as a table indexed by the input code):
 * how many of the table's input codes the calibration data reaches, and how many distinct output
 * codes those entries hold. Few output codes means the table throws the input's resolution away.
 */
public final class LutUsage {
    /** @param tableSize 256 for int8 inputs, 65,536 for int16 */
    public record Table(String node, String op, int tableSize, int inputCodesUsed, int distinctOutputCodes,
                        int outputCodesOfUsedInputs) {
    }

    private final Graph graph;
    private final QuantPlan plan;
    private final Map<String, BitSet> used = new LinkedHashMap<>();
    private final Map<String, Node> nodes = new LinkedHashMap<>();

    /** @param lutNodes the nodes the target runs as tables (on the NPU) */
    public LutUsage(Graph graph, QuantPlan plan, Set<String> lutNodes) {
        this.graph = graph;
        this.plan = plan;
        for (Node n : graph.nodes()) {
            if (lutNodes.contains(n.name()) && plan.activations().containsKey(n.input(0))
                    && plan.activations().containsKey(n.output(0))) {
                nodes.put(n.name(), n);
                used.put(n.name(), new BitSet());
            }
        }
    }

    /** Adds one sample, from its float run: the input codes it reaches. */
    public void add(Trace floatRun) {
        for (Node n : nodes.values()) {
            ActivationQuant in = plan.activations().get(n.input(0));
            BitSet set = used.get(n.name());
            int lo = (int) in.dtype().minValue();
            float[] v = floatRun.values().get(n.input(0)).toFloats();
            double s = in.scale();
            for (float x : v) {
                long q = Math.max(lo, Math.min(in.qmax(), Math.round(Math.rint(x / s))));
                set.set((int) (q - lo));
            }
        }
    }

    public Map<String, Table> result() {
        Map<String, Table> out = new LinkedHashMap<>();
        for (Node n : nodes.values()) {
            ActivationQuant in = plan.activations().get(n.input(0));
            ActivationQuant o = plan.activations().get(n.output(0));
            int lo = (int) in.dtype().minValue();
            int size = in.qmax() - lo + 1;
            out.put(n.name(), new Table(n.name(), n.opType(), size, used.get(n.name()).cardinality(),
                    distinctCodes(n, in, o, all(size)), distinctCodes(n, in, o, used.get(n.name()))));
        }
        return out;
    }

    private static BitSet all(int size) {
        BitSet b = new BitSet(size);
        b.set(0, size);
        return b;
    }

    /** The distinct output codes of the table entries in {@code entries}. */
    private int distinctCodes(Node n, ActivationQuant in, ActivationQuant out, BitSet entries) {
        int lo = (int) in.dtype().minValue();
        float[] x = new float[entries.cardinality()];
        int k = 0;
        for (int e = entries.nextSetBit(0); e >= 0; e = entries.nextSetBit(e + 1)) {
            x[k++] = (float) ((e + lo) * in.scale());
        }
        if (x.length == 0) {
            return 0;
        }
        Tensor[] args = new Tensor[n.inputs().size()];
        args[0] = Tensor.ofFloats(new int[] {x.length}, x);
        for (int i = 1; i < args.length; i++) {
            args[i] = graph.constants().get(n.input(i));
        }
        float[] y = FastKernels.registry().find(n.domain(), n.opType()).run(n, args)[0].toFloats();
        int olo = (int) out.dtype().minValue();
        BitSet codes = new BitSet();
        for (float v : y) {
            long q = Math.max(olo, Math.min(out.qmax(), Math.round(Math.rint(v / out.scale()))));
            codes.set((int) (q - olo));
        }
        return codes.cardinality();
    }
}
