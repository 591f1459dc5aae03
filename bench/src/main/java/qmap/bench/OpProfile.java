package qmap.bench;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.BiFunction;
import qmap.exec.Executor;
import qmap.exec.TensorListener;
import qmap.ir.Model;
import qmap.ir.Node;
import qmap.ir.Tensor;
import qmap.onnx.OnnxReader;
import qmap.passes.PassPipeline;
import qmap.quant.IntegerExecutor;
import qmap.quant.integer.RequantMode;
import qmap.run.RunJob;

/**
 * Where qmap's float executor spends its time: milliseconds per op type (and the slowest nodes)
 * over timed runs, measured as the gap between consecutive node completions. With
 * {@code --integer}: the integer executor on the generic-int8 model that
 * {@code latency --integer} builds (under {@code --work-dir}, reused when there), on its real input.
 * With {@code --compare}: that integer model and the build's optimized float model (what the
 * integer model was made from) in turns, per node, the integer/float ratio of the totals.
 */
public final class OpProfile {
    public static void main(String[] args) throws Exception {
        Path shared = Path.of("../shared");
        int runs = 10;
        int warmup = 10;
        int threads = 1;
        String key = "det640";
        int top = 15;
        boolean cpu = false;
        boolean integer = false;
        boolean compare = false;
        Path workDir = Path.of("target/latency-integer");
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--shared" -> shared = Path.of(args[++i]);
                case "--runs" -> runs = Integer.parseInt(args[++i]);
                case "--warmup" -> warmup = Integer.parseInt(args[++i]);
                case "--threads" -> threads = Integer.parseInt(args[++i]);
                case "--models" -> key = args[++i];
                case "--top" -> top = Integer.parseInt(args[++i]);
                case "--cpu" -> cpu = true;
                case "--integer" -> integer = true;
                case "--compare" -> compare = true;
                case "--work-dir" -> workDir = Path.of(args[++i]);
                default -> throw new IllegalArgumentException("unknown argument " + args[i]);
            }
        }
        if (compare) {
            compare(builtFloat(shared, key, threads, workDir), subject(shared, key, true, threads, workDir),
                    runs, warmup, top, cpu);
            return;
        }
        Subject subject = subject(shared, key, integer, threads, workDir);
        String name = subject.name();
        Turns.WarmUp warm = new Turns.WarmUp();
        for (int i = 0; i < warmup || warm.more(); i++) {
            subject.run().apply(subject.inputs(), null);
        }
        Timer timer = new Timer(cpu);
        long wall0 = System.nanoTime();
        long cpu0 = Timer.THREADS.getCurrentThreadCpuTime();
        for (int i = 0; i < runs; i++) {
            timer.last = timer.now();
            subject.run().apply(subject.inputs(), timer);
        }
        double wall = (System.nanoTime() - wall0) / (double) runs / 1e6;
        double callerCpu = (Timer.THREADS.getCurrentThreadCpuTime() - cpu0) / (double) runs / 1e6;
        double total = timer.byType.values().stream().mapToDouble(v -> v[0]).sum();
        System.out.printf("%s, %d thread(s): %.1f ms per run%s (whole runs: %.1f ms wall, %.1f ms CPU of the calling thread)%n",
                name, threads, total / runs / 1e6, cpu ? " (CPU time of the calling thread)" : "", wall, callerCpu);
        List<Map.Entry<String, double[]>> types = new ArrayList<>(timer.byType.entrySet());
        types.sort((a, b) -> Double.compare(b.getValue()[0], a.getValue()[0]));
        for (Map.Entry<String, double[]> e : types) {
            System.out.printf("  %-22s %5d nodes %9.1f ms %5.1f%%%n", e.getKey(), (int) (e.getValue()[1] / runs),
                    e.getValue()[0] / runs / 1e6, 100 * e.getValue()[0] / total);
        }
        List<Map.Entry<String, double[]>> nodes = new ArrayList<>(timer.byNode.entrySet());
        nodes.sort((a, b) -> Double.compare(b.getValue()[0], a.getValue()[0]));
        System.out.println("slowest nodes:");
        for (Map.Entry<String, double[]> e : nodes.subList(0, Math.min(top, nodes.size()))) {
            System.out.printf("  %-70s %8.2f ms%n", e.getKey(), e.getValue()[0] / runs / 1e6);
        }
    }

    /** A model to time: its name, inputs and one run. */
    private record Subject(String name, Map<String, Tensor> inputs,
                           BiFunction<Map<String, Tensor>, TensorListener, Map<String, Tensor>> run) {
    }

    private static Subject subject(Path shared, String key, boolean integer, int threads, Path workDir)
            throws Exception {
        if (integer) {
            IntegerLatencyBench.Case c = IntegerLatencyBench.cases().get(key);
            if (c == null) {
                throw new IllegalArgumentException("unknown model " + key + " (expected one of "
                        + IntegerLatencyBench.cases().keySet() + ")");
            }
            Path dir = IntegerLatencyBench.build(shared.resolve(c.config()), workDir.resolve(key).toAbsolutePath(), true);
            Model quantized = OnnxReader.read(IntegerLatencyBench.file(dir, "_quantized_model.onnx"));
            IntegerExecutor qi = IntegerExecutor.of(quantized, RequantMode.ORT_FLOAT, threads);
            return new Subject(c.name() + " (integer)", IntegerLatencyBench.inputs(shared, c), qi::run);
        }
        LatencyBench.Case c = LatencyBench.caseOf(key);
        Model loaded = RunJob.withInputShapes(OnnxReader.read(shared.resolve(c.model())), c.shapes());
        Executor qmap = Executor.of(loaded.withGraph(PassPipeline.staticShapes().apply(loaded.graph())), threads);
        return new Subject(c.name(), LatencyBench.randomInputs(c.shapes()), qmap::run);
    }

    /**
     * The float executor on the build's optimized float model, the one the integer model was
     * made from (input preprocessing included), on the integer run's inputs: what
     * {@code latency --integer} compares with.
     */
    private static Subject builtFloat(Path shared, String key, int threads, Path workDir) throws Exception {
        IntegerLatencyBench.Case c = IntegerLatencyBench.cases().get(key);
        if (c == null) {
            throw new IllegalArgumentException("unknown model " + key + " (expected one of "
                    + IntegerLatencyBench.cases().keySet() + ")");
        }
        Path dir = IntegerLatencyBench.build(shared.resolve(c.config()), workDir.resolve(key).toAbsolutePath(), true);
        Model fm = OnnxReader.read(IntegerLatencyBench.file(dir, "_optimized_float_model.onnx"));
        Executor qmap = Executor.of(fm.withGraph(PassPipeline.staticShapes().apply(fm.graph())), threads);
        return new Subject(c.name() + " (float)", IntegerLatencyBench.inputs(shared, c), qmap::run);
    }

    /**
     * The float and the integer executor on the same model, their timed runs taking turns (so
     * both see the same machine), per node named after the float node it starts from: where the
     * integer model spends more or less time.
     */
    private static void compare(Subject f, Subject q, int runs, int warmup, int top, boolean cpu) {
        Turns.WarmUp warm = new Turns.WarmUp();
        for (int i = 0; i < warmup || warm.more(); i++) {
            f.run().apply(f.inputs(), null);
            q.run().apply(q.inputs(), null);
        }
        Timer tf = new Timer(cpu);
        Timer tq = new Timer(cpu);
        for (int i = 0; i < runs; i++) {
            tf.last = tf.now();
            f.run().apply(f.inputs(), tf);
            tq.last = tq.now();
            q.run().apply(q.inputs(), tq);
        }
        Map<String, double[]> byStart = new LinkedHashMap<>();
        for (int k = 0; k < 2; k++) {
            for (Map.Entry<String, double[]> e : (k == 0 ? tf : tq).byNode.entrySet()) {
                String node = e.getKey().split(" ")[0].replaceAll("\\+\\d+$", "");
                byStart.computeIfAbsent(node, x -> new double[2])[k] += e.getValue()[0] / runs / 1e6;
            }
        }
        double[] total = new double[2];
        byStart.values().forEach(v -> {
            total[0] += v[0];
            total[1] += v[1];
        });
        System.out.printf("%s vs %s, runs taking turns%s: float %.1f ms, integer %.1f ms, integer/float %.2f%n",
                f.name(), q.name(), cpu ? " (CPU time of the calling thread)" : "", total[0], total[1],
                total[1] / total[0]);
        List<Map.Entry<String, double[]>> rows = new ArrayList<>(byStart.entrySet());
        rows.sort((a, b) -> Double.compare(b.getValue()[1] - b.getValue()[0], a.getValue()[1] - a.getValue()[0]));
        System.out.println("node (first of a fused step)           float ms    int ms      diff");
        int head = Math.min(top, rows.size());
        rows.subList(0, head).forEach(OpProfile::printDiff);
        if (head < rows.size()) {
            System.out.println("  ...");
            rows.subList(Math.max(head, rows.size() - top), rows.size()).forEach(OpProfile::printDiff);
        }
    }

    /** One row of the comparison: float ms, integer ms and their difference. */
    private static void printDiff(Map.Entry<String, double[]> e) {
        double[] v = e.getValue();
        System.out.printf("  %-34s %9.2f %9.2f %+9.2f%n", e.getKey(), v[0], v[1], v[1] - v[0]);
    }

    private static final class Timer implements TensorListener {
        private static final java.lang.management.ThreadMXBean THREADS =
                java.lang.management.ManagementFactory.getThreadMXBean();
        private final boolean cpu;
        long last;
        final Map<String, double[]> byType = new TreeMap<>();
        final Map<String, double[]> byNode = new LinkedHashMap<>();

        Timer(boolean cpu) {
            this.cpu = cpu;
        }

        /** Wall time, or with --cpu the calling thread's CPU time (steadier on a shared machine; 1 thread only). */
        long now() {
            return cpu ? THREADS.getCurrentThreadCpuTime() : System.nanoTime();
        }

        @Override
        public void onTensor(Node producer, String name, Tensor value) {
        }

        @Override
        public boolean keepsTensors() {
            return false;
        }

        /** Times the nodes the executor really runs (fused ones included). */
        @Override
        public boolean needsEveryTensor() {
            return false;
        }

        @Override
        public void onNode(Node node, Tensor[] inputs, Tensor[] outputs) {
            long now = now();
            long dt = now - last;
            byType.computeIfAbsent(node.opType(), k -> new double[2])[0] += dt;
            byType.get(node.opType())[1]++;
            String what = node.opType() + " " + describe(inputs) + " " + attrs(node);
            byNode.computeIfAbsent(node.name() + " " + what, k -> new double[1])[0] += dt;
            last = now();
        }

        private static String describe(Tensor[] ts) {
            StringBuilder s = new StringBuilder();
            for (Tensor t : ts) {
                s.append(t == null ? "-" : Arrays.toString(t.shape())).append(' ');
            }
            return s.toString().trim();
        }

        private static String attrs(Node node) {
            if (!node.opType().contains("Conv")) {
                return "";
            }
            return "g" + node.attrInt("group", 1) + " s" + Arrays.toString(node.attrInts("strides", new long[0]));
        }
    }

}
