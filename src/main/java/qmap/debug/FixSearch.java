package qmap.debug;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.IntFunction;
import qmap.ir.Tensor;
import qmap.quant.QuantPlan;

/**
 * The cheapest fix by estimated latency that brings every output to the target cosine without a
 * collapse. Greedy: each round tries every candidate action on top of the fix so far; the cheapest
 * candidate that meets the target ends the search, otherwise the one that raises the worst output
 * most is kept. When that misses the target, the other model-wide methods are measured as starting
 * points and the best of them gets a few greedy rounds too. Then actions that are not needed are
 * dropped. Each candidate is measured by
 * re-running, from the unfixed quantized run of each sample, only what the fix changes.
 */
public final class FixSearch {
    /**
     * What the search found. The search compares plans with the graph's own biases; {@code built}
     * and {@code builtFixed} (null when the config has no bias correction or there is no fix) are
     * the configured and the fixed model with biases corrected as the build corrects them.
     */
    public record Result(Evaluation unfixed, Evaluation best, boolean reached, List<Evaluation> singleActions,
                         Evaluation culpritsOnCpu, Evaluation built, Evaluation builtFixed) {
        public Result withBuilt(Evaluation configured, Evaluation fixed) {
            return new Result(unfixed, best, reached, singleActions, culpritsOnCpu, configured, fixed);
        }

        /** False when, as built, the fixed model's worst output cosine is below the configured one's. */
        public boolean survivesBiasCorrection() {
            return built == null || builtFixed == null || builtFixed.worstCosine() >= built.worstCosine();
        }
    }

    private static final int MAX_ROUNDS = 6;
    /** Rounds from another model-wide method: it should need few actions to be worth it. */
    private static final int OTHER_START_ROUNDS = 3;
    /** Output cosines closer than this are never told apart when choosing among equally cheap fixes. */
    static final double MIN_COSINE_TIE = 1e-4;

    private final FixPlanner planner;
    private final QuantSimulator sim;
    private final QuantPlan basePlan;
    private final IntFunction<Map<String, Tensor>> samples;
    private final int count;
    private final List<Map<String, Tensor>> floatOutputs;
    private final Map<String, Double> floatSpread;
    private final Consumer<String> progress;

    /**
     * @param floatOutputs the float model's outputs per sample
     * @param floatSpread  the float spread of each collapsed output (whose spread is tracked)
     */
    public FixSearch(FixPlanner planner, QuantSimulator sim, QuantPlan basePlan, IntFunction<Map<String, Tensor>> samples,
                     int count, List<Map<String, Tensor>> floatOutputs, Map<String, Double> floatSpread,
                     Consumer<String> progress) {
        this.planner = planner;
        this.sim = sim;
        this.basePlan = basePlan;
        this.samples = samples;
        this.count = count;
        this.floatOutputs = floatOutputs;
        this.floatSpread = floatSpread;
        this.progress = progress;
    }

    /**
     * @param actions  per-culprit actions
     * @param methods  model-wide method changes to start from besides the configured method
     */
    public Result run(List<FixAction> actions, List<FixAction.Method> methods, List<String> culpritNodesOnNpu,
                      double target) {
        Evaluation unfixed = evaluate(List.of(planner.plan(FixSet.NONE))).get(0);
        List<Evaluation> singles = new ArrayList<>();
        Evaluation best = greedy(unfixed, actions, target, MAX_ROUNDS, singles);
        List<FixPlanner.Planned> starts = new ArrayList<>();
        methods.forEach(m -> starts.add(planner.plan(FixSet.NONE.plus(m))));
        if (!done(best, unfixed, target) && !starts.isEmpty()) {
            progress.accept("fix search: trying " + starts.size() + " other calibration methods as starting points");
            // every start is measured; the greedy rounds go on from the best of them only (each
            // round costs as much as the first search's, and a start that begins worse rarely wins)
            Evaluation bestStart = null;
            for (Evaluation start : evaluate(starts)) {
                singles.add(start);
                if (bestStart == null || better(start, bestStart, target)) {
                    bestStart = start;
                }
            }
            Evaluation e = greedy(bestStart, actions, target, OTHER_START_ROUNDS, new ArrayList<>());
            if (better(e, best, target)) {
                best = e;
            }
        }
        Evaluation cpu = null;
        if (!culpritNodesOnNpu.isEmpty()) {
            FixSet all = FixSet.NONE;
            for (String n : culpritNodesOnNpu) {
                all = all.plus(new FixAction.Cpu(n));
            }
            FixPlanner.Planned p = planner.plan(all);
            cpu = p == null ? null : evaluate(List.of(p)).get(0);
        }
        return new Result(unfixed, best, best.meets(target), singles, cpu, null, null);
    }

    /** Met at no extra latency: nothing can be cheaper. */
    private static boolean done(Evaluation e, Evaluation unfixed, double target) {
        return e.meets(target) && e.latencyMs() <= unfixed.latencyMs() + 1e-9;
    }

    private static boolean better(Evaluation a, Evaluation b, double target) {
        if (a.meets(target) != b.meets(target)) {
            return a.meets(target);
        }
        if (a.meets(target)) {
            return a.latencyMs() < b.latencyMs() - 1e-9
                    || Math.abs(a.latencyMs() - b.latencyMs()) <= 1e-9 && a.worstCosine() > b.worstCosine();
        }
        return collapsedCount(a) < collapsedCount(b)
                || collapsedCount(a) == collapsedCount(b) && a.worstCosine() > b.worstCosine();
    }

    /** Adds actions to {@code start} round by round; the first round's evaluations go to {@code singles}. */
    private Evaluation greedy(Evaluation start, List<FixAction> actions, double target, int rounds,
                              List<Evaluation> singles) {
        Evaluation current = start;
        for (int round = 0; round < rounds && !current.meets(target); round++) {
            List<FixPlanner.Planned> tries = new ArrayList<>();
            for (FixAction a : actions) {
                if (!current.fix().touches(a.node())) {
                    FixPlanner.Planned p = planner.plan(current.fix().plus(a));
                    if (p != null) {
                        tries.add(p);
                    }
                }
            }
            if (tries.isEmpty()) {
                break;
            }
            progress.accept(String.format("fix search: from %s, round %d, %d candidates", start.fix(), round + 1,
                    tries.size()));
            List<Evaluation> evals = evaluate(tries);
            if (round == 0) {
                singles.addAll(evals);
            }
            Evaluation next = pick(evals, current, target);
            if (next == null) {
                break;
            }
            current = next;
        }
        return current.meets(target) ? prune(current, target) : current;
    }

    /**
     * The cheapest evaluation meeting the target: lowest latency; among equally cheap ones, worst-output
     * cosines closer to the best than the best is to 1 count as equal (a difference smaller than the
     * error left is not a reason to clip more), and the one clipping the fewest values wins: it is the
     * least fitted to the calibration samples. Else the one that improves the worst output most.
     */
    private static Evaluation pick(List<Evaluation> evals, Evaluation current, double target) {
        List<Evaluation> meeting = evals.stream().filter(e -> e.meets(target)).toList();
        if (!meeting.isEmpty()) {
            double cheapest = meeting.stream().mapToDouble(Evaluation::latencyMs).min().getAsDouble();
            List<Evaluation> cheap = meeting.stream().filter(e -> e.latencyMs() <= cheapest + 1e-9).toList();
            double bestCos = cheap.stream().mapToDouble(Evaluation::worstCosine).max().getAsDouble();
            double tie = Math.max(MIN_COSINE_TIE, 1 - bestCos);
            return cheap.stream().filter(e -> e.worstCosine() >= bestCos - tie)
                    .min(Comparator.comparingDouble((Evaluation e) -> e.fix().clipped())
                            .thenComparing(Comparator.comparingDouble(Evaluation::worstCosine).reversed()))
                    .orElseThrow();
        }
        Comparator<Evaluation> better = Comparator.comparingLong(FixSearch::collapsedCount)
                .thenComparing(Comparator.comparingDouble(Evaluation::worstCosine).reversed())
                .thenComparingDouble(Evaluation::latencyMs);
        Evaluation best = evals.stream().min(better).orElse(null);
        if (best == null || better.compare(best, current) >= 0
                || collapsedCount(best) == collapsedCount(current) && best.worstCosine() < current.worstCosine() + 1e-4) {
            return null;
        }
        return best;
    }

    private static long collapsedCount(Evaluation e) {
        return e.spreadRatio().values().stream().filter(r -> r < Collapse.RATIO).count();
    }

    /** Drops actions that are not needed, most expensive first, while the target is still met. */
    private Evaluation prune(Evaluation e, double target) {
        boolean dropped = true;
        while (dropped && e.fix().actions().size() > 1) {
            dropped = false;
            List<FixPlanner.Planned> tries = new ArrayList<>();
            for (FixAction a : e.fix().actions()) {
                FixPlanner.Planned p = planner.plan(e.fix().minus(a));
                if (p != null) {
                    tries.add(p);
                }
            }
            for (Evaluation x : evaluate(tries)) {
                if (x.meets(target) && x.latencyMs() <= e.latencyMs() + 1e-9) {
                    e = x;
                    dropped = true;
                    break;
                }
            }
        }
        return e;
    }

    /** Runs every planned fix on every sample, re-running from the unfixed quantized run. */
    public List<Evaluation> evaluate(List<FixPlanner.Planned> planned) {
        List<OutputAccumulator> acc = new ArrayList<>();
        planned.forEach(p -> acc.add(new OutputAccumulator(floatSpread.keySet())));
        for (int s = 0; s < count; s++) {
            Trace q = sim.run(samples.apply(s), basePlan);
            for (int i = 0; i < planned.size(); i++) {
                acc.get(i).add(sim.rerun(q, planned.get(i).plan()), floatOutputs.get(s));
            }
        }
        List<Evaluation> out = new ArrayList<>();
        for (int i = 0; i < planned.size(); i++) {
            Map<String, Double> ratio = new LinkedHashMap<>();
            Map<String, Double> spread = acc.get(i).spread();
            floatSpread.forEach((o, f) -> ratio.put(o, Collapse.ratio(spread.getOrDefault(o, 0.0), f)));
            out.add(new Evaluation(planned.get(i), acc.get(i).cosine(), ratio));
        }
        return out;
    }
}
