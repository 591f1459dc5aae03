package qmap.debug;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import qmap.calib.CalibrationMethod;
import qmap.calib.QuantizationError;
import qmap.calib.TensorObserver;
import qmap.ir.Graph;
import qmap.quant.ActivationQuant;
import qmap.quant.QuantPlan;

/**
 * The actions worth trying for a culprit: another calibration method or percentile for the tensor
 * at fault (for a look-up-table op's output, low percentiles too: a range fitted to where the data
 * is, not to its rare extremes), int16 for the node where the target has it, and the CPU.
 */
public final class FixCandidates {
    private static final double[] PERCENTILES = {0.99999, 0.9999, 0.999, 0.99};
    private static final double[] LUT_PERCENTILES = {0.98, 0.95, 0.9, 0.8};

    private final Graph graph;
    private final QuantPlan plan;
    private final Map<String, TensorObserver> observers;
    private final Set<String> npuNodes;
    private final Set<String> lutNodes;
    private final boolean int16;

    /**
     * @param npuNodes nodes on the NPU (candidates for the CPU)
     * @param lutNodes nodes the target runs as look-up tables
     * @param int16    whether the target has int16 activations
     */
    public FixCandidates(Graph graph, QuantPlan plan, Map<String, TensorObserver> observers, Set<String> npuNodes,
                         Set<String> lutNodes, boolean int16) {
        this.graph = graph;
        this.plan = plan;
        this.observers = observers;
        this.npuNodes = npuNodes;
        this.lutNodes = lutNodes;
        this.int16 = int16;
    }

    public List<FixAction> of(Culprit c) {
        List<FixAction> out = new ArrayList<>();
        boolean isNode = graph.node(c.node()) != null;
        if (c.side() != Culprit.Side.WEIGHTS) {
            String role = c.side() == Culprit.Side.OUTPUT ? "output" : "input";
            boolean lutOutput = c.side() == Culprit.Side.OUTPUT && lutNodes.contains(c.node());
            for (String t : c.tensors()) {
                out.addAll(thresholds(c.node(), t, role, lutOutput));
            }
            if (int16 && isNode && npuNodes.contains(c.node())) {
                boolean inputs = c.side() == Culprit.Side.INPUT;
                out.add(new FixAction.Int16(c.node(), inputs, !inputs));
                out.add(new FixAction.Int16(c.node(), true, true));
            }
        }
        if (isNode && npuNodes.contains(c.node())) {
            out.add(new FixAction.Cpu(c.node()));
        }
        return out;
    }

    private List<FixAction> thresholds(String node, String tensor, String role, boolean lutOutput) {
        List<FixAction> out = new ArrayList<>();
        ActivationQuant now = plan.activations().get(tensor);
        TensorObserver o = observers.get(tensor);
        if (now == null || o == null || now.method().startsWith("image input")) {
            return out;
        }
        List<double[]> seen = new ArrayList<>();
        seen.add(new double[] {now.threshold()});
        List<Double> ps = new ArrayList<>();
        for (double p : PERCENTILES) {
            ps.add(p);
        }
        if (lutOutput) {
            for (double p : LUT_PERCENTILES) {
                ps.add(p);
            }
        }
        ps.add(1.0);
        for (double p : ps) {
            add(out, seen, node, tensor, role, "max", p, CalibrationMethod.named("max", p).threshold(o, now.qmax()),
                    now.threshold(), o);
        }
        for (String m : List.of("kl", "mse")) {
            add(out, seen, node, tensor, role, m, 1.0, CalibrationMethod.named(m, 1.0).threshold(o, now.qmax()),
                    now.threshold(), o);
        }
        return out;
    }

    /** Adds the action unless its threshold is (within 0.1%) one already tried or the current one. */
    private static void add(List<FixAction> out, List<double[]> seen, String node, String tensor, String role,
                            String type, double p, double threshold, double current, TensorObserver o) {
        if (!(threshold > 0)) {
            return;
        }
        for (double[] s : seen) {
            if (Math.abs(s[0] - threshold) <= 1e-3 * Math.max(s[0], threshold)) {
                return;
            }
        }
        seen.add(new double[] {threshold});
        out.add(new FixAction.TensorThreshold(node, tensor, role, type, p, threshold, current,
                new QuantizationError(o).clippedFraction(threshold)));
    }
}
