package qmap.debug;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.Set;
import java.util.function.Function;
import qmap.config.CalibrationType;
import qmap.config.TensorOverride;
import qmap.ir.DType;
import qmap.ir.Graph;
import qmap.ir.Node;
import qmap.target.NodeInfo;
import qmap.target.PlacementRequest;

/** A set of fix actions, and what it changes in the build's inputs: overrides, placement request, int16 types. */
public record FixSet(List<FixAction> actions) {
    public static final FixSet NONE = new FixSet(List.of());

    public FixSet {
        actions = List.copyOf(actions);
    }

    public FixSet plus(FixAction a) {
        List<FixAction> l = new ArrayList<>(actions);
        l.add(a);
        return new FixSet(l);
    }

    public FixSet minus(FixAction a) {
        List<FixAction> l = new ArrayList<>(actions);
        l.remove(a);
        return new FixSet(l);
    }

    public boolean isEmpty() {
        return actions.isEmpty();
    }

    /** True when an action of this set is already about that node. */
    public boolean touches(String node) {
        return actions.stream().anyMatch(a -> a.node().equals(node));
    }

    public boolean hasCpu() {
        return actions.stream().anyMatch(a -> a instanceof FixAction.Cpu);
    }

    /** The share of values its threshold overrides clip, summed over them (a measure of fitting to the samples). */
    public double clipped() {
        double c = 0;
        for (FixAction a : actions) {
            if (a instanceof FixAction.TensorThreshold t) {
                c += t.clipped();
            }
        }
        return c;
    }

    /** The model-wide method change of this set, if any. */
    public Optional<FixAction.Method> method() {
        return actions.stream().filter(a -> a instanceof FixAction.Method).map(a -> (FixAction.Method) a).findFirst();
    }

    public List<String> cpuNodes() {
        return actions.stream().filter(a -> a instanceof FixAction.Cpu).map(FixAction::node).toList();
    }

    /** The config's tensor overrides with this set's added (this set wins). */
    public Map<String, TensorOverride> overrides(Map<String, TensorOverride> base) {
        Map<String, TensorOverride> m = new LinkedHashMap<>(base);
        for (FixAction a : actions) {
            if (a instanceof FixAction.TensorThreshold t) {
                CalibrationType type = CalibrationType.valueOf(t.calibrationType().toUpperCase(java.util.Locale.ROOT));
                m.put(t.tensor(), new TensorOverride(t.tensor(), Optional.of(type),
                        t.writesPercentile() ? OptionalDouble.of(t.maxPercentile()) : OptionalDouble.empty(),
                        Optional.empty()));
            }
        }
        return m;
    }

    /** The config's placement request with this set's CPU nodes and int16 requests added. */
    public PlacementRequest request(PlacementRequest base) {
        Set<String> cpu = new LinkedHashSet<>(base.runOnCpu());
        Map<String, NodeInfo> info = new LinkedHashMap<>(base.nodeInfo());
        for (FixAction a : actions) {
            if (a instanceof FixAction.Cpu c) {
                cpu.add(c.node());
            } else if (a instanceof FixAction.Int16 i) {
                NodeInfo old = info.get(i.node());
                info.put(i.node(), new NodeInfo(old == null ? null : old.on(),
                        i.inputs() ? "int16" : old == null ? null : old.inputType(),
                        old == null ? Map.of() : old.inputTypeAt(),
                        i.output() ? "int16" : old == null ? null : old.outputType()));
            }
        }
        Set<String> npu = new LinkedHashSet<>(base.runOnNpu());
        npu.removeAll(cpu);
        return new PlacementRequest(cpu, npu, info);
    }

    /** The activation types with this set's int16 requests applied. */
    public Function<String, DType> types(Function<String, DType> base, Graph g) {
        Map<String, DType> over = new HashMap<>();
        for (FixAction a : actions) {
            if (a instanceof FixAction.Int16 i) {
                Node n = g.node(i.node());
                if (i.output()) {
                    n.outputs().forEach(o -> over.put(o, DType.INT16));
                }
                if (i.inputs()) {
                    n.inputs().stream().filter(x -> !x.isEmpty() && !g.isConstant(x)).forEach(x -> over.put(x, DType.INT16));
                }
            }
        }
        return t -> over.containsKey(t) ? over.get(t) : base.apply(t);
    }

    @Override
    public String toString() {
        return actions.isEmpty() ? "(no change)" : String.join("; ", actions.stream().map(FixAction::describe).toList());
    }
}
