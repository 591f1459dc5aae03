package qmap.bench;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import qmap.exec.Executor;
import qmap.ir.Model;
import qmap.ir.Tensor;
import qmap.onnx.OnnxReader;
import qmap.passes.PassPipeline;
import qmap.run.RunJob;

/**
 * Median latency of qmap's float executor and ONNX Runtime Java on the same model, inputs and
 * thread count, in one process: warm-up runs, then timed runs of each in turns, blocks of
 * {@code --block} runs after a pause of {@code --settle-ms} ({@link Turns}); each model and
 * thread count in a JVM of its own unless {@code --in-process} ({@link Forks}). With
 * {@code --integer}: qmap's integer runtime against its float executor ({@link IntegerLatencyBench}).
 */
public final class LatencyBench {
    record Case(String name, String model, Map<String, int[]> shapes) {
    }

    public static void main(String[] args) throws Exception {
        if (Arrays.asList(args).contains("--integer")) {
            IntegerLatencyBench.main(args);
            return;
        }
        Path shared = Path.of("../shared");
        int runs = 15;
        int warmup = 15;
        int block = Turns.BLOCK;
        long settleMs = Turns.SETTLE_MS;
        List<Integer> threads = List.of(1, 2);
        List<String> models = List.of("det640", "rec", "cls", "tracker");
        boolean inProcess = false;
        boolean header = true;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--shared" -> shared = Path.of(args[++i]);
                case "--runs" -> runs = Integer.parseInt(args[++i]);
                case "--warmup" -> warmup = Integer.parseInt(args[++i]);
                case "--threads" -> threads = Arrays.stream(args[++i].split(",")).map(Integer::parseInt).toList();
                case "--models" -> models = List.of(args[++i].split(","));
                case "--block" -> block = Integer.parseInt(args[++i]);
                case "--settle-ms" -> settleMs = Long.parseLong(args[++i]);
                case Forks.IN_PROCESS -> inProcess = true;
                case "--forks" -> i++; // read by Forks
                case Forks.NO_HEADER -> header = false;
                default -> throw new IllegalArgumentException("unknown argument " + args[i]);
            }
        }
        if (header) {
            System.out.printf("%-18s %7s %10s %10s %7s %12s %12s %9s%n", "model", "threads", "qmap ms", "ORT ms",
                    "ratio", "qmap cpu ms", "ORT cpu ms", "cpu ratio");
        }
        if (!inProcess) {
            models.forEach(LatencyBench::caseOf);
            Forks.each(LatencyBench.class, args, models, threads, List.of());
            return;
        }
        for (String key : models) {
            Case c = caseOf(key);
            for (int t : threads) {
                double[][] r = measure(shared.resolve(c.model()), c.shapes(), t, warmup, runs, block, settleMs);
                System.out.printf("%-18s %7d %10.1f %10.1f %7.2f %12.1f %12.1f %9.2f%n", c.name(), t, r[0][0], r[0][1],
                        r[0][0] / r[0][1], r[1][0], r[1][1], r[1][0] / r[1][1]);
            }
        }
    }

    /** The benchmark models by key, with their input shapes. */
    static Map<String, Case> cases() {
        Map<String, Case> cases = new LinkedHashMap<>();
        cases.put("det640", new Case("det 1x3x640x640", "ocr-bench/models/det.onnx", Map.of("x", new int[] {1, 3, 640, 640})));
        cases.put("det320", new Case("det 1x3x320x320", "ocr-bench/models/det.onnx", Map.of("x", new int[] {1, 3, 320, 320})));
        cases.put("rec", new Case("rec 1x3x48x320", "ocr-bench/models/rec.onnx", Map.of("x", new int[] {1, 3, 48, 320})));
        cases.put("cls", new Case("cls 1x3x48x192", "ocr-bench/models/cls.onnx", Map.of("x", new int[] {1, 3, 48, 192})));
        cases.put("tracker", new Case("seed tracker", "seed-tracker/seed_tracker.onnx", Map.of(
                "input1", new int[] {1, 3, 127, 127}, "input2", new int[] {1, 3, 255, 255}, "input3", new int[] {1, 4, 1, 1})));
        return cases;
    }

    /**
     * The case named {@code key}: one of {@link #cases()}, or any model file given as
     * {@code FILE.onnx:input=1x3x64x64[:input2=...]} (its path absolute or relative to here).
     */
    static Case caseOf(String key) {
        Case c = cases().get(key);
        if (c != null) {
            return c;
        }
        String[] parts = key.split(":");
        if (!parts[0].endsWith(".onnx")) {
            throw new IllegalArgumentException("unknown model " + key + " (expected one of " + cases().keySet()
                    + " or FILE.onnx:input=1x3x64x64)");
        }
        Map<String, int[]> shapes = new LinkedHashMap<>();
        for (int i = 1; i < parts.length; i++) {
            String[] kv = parts[i].split("=", 2);
            if (kv.length != 2) {
                throw new IllegalArgumentException(key + ": expected input=DIMxDIM..., found '" + parts[i] + "'");
            }
            shapes.put(kv[0], Arrays.stream(kv[1].split("x")).mapToInt(Integer::parseInt).toArray());
        }
        Path file = Path.of(parts[0]).toAbsolutePath();
        return new Case(file.getFileName().toString(), file.toString(), shapes);
    }

    /** Gaussian inputs of the given shapes, seeded so every run sees the same values. */
    static Map<String, Tensor> randomInputs(Map<String, int[]> shapes) {
        Map<String, Tensor> inputs = new LinkedHashMap<>();
        Random rnd = new Random(42);
        for (Map.Entry<String, int[]> e : shapes.entrySet()) {
            float[] v = new float[Arrays.stream(e.getValue()).reduce(1, (a, b) -> a * b)];
            for (int i = 0; i < v.length; i++) {
                v[i] = (float) rnd.nextGaussian();
            }
            inputs.put(e.getKey(), Tensor.ofFloats(e.getValue(), v));
        }
        return inputs;
    }

    /** Median ms of qmap and of ORT, timed in turns ({@link Turns}): wall, then calling-thread CPU. */
    static double[][] measure(Path modelFile, Map<String, int[]> shapes, int threads, int warmup, int runs, int block,
                            long settleMs) throws Exception {
        Map<String, Tensor> inputs = randomInputs(shapes);
        Model loaded = RunJob.withInputShapes(OnnxReader.read(modelFile), shapes);
        Model folded = loaded.withGraph(PassPipeline.staticShapes().apply(loaded.graph()));

        OrtEnvironment env = OrtEnvironment.getEnvironment();
        OrtSession.SessionOptions opts = new OrtSession.SessionOptions();
        opts.setIntraOpNumThreads(threads);
        opts.setInterOpNumThreads(1);
        try (Executor qmap = Executor.of(folded, threads);
             OrtSession session = env.createSession(Files.readAllBytes(modelFile), opts)) {
            Map<String, OnnxTensor> feeds = new HashMap<>();
            for (Map.Entry<String, Tensor> e : inputs.entrySet()) {
                long[] s = Arrays.stream(e.getValue().shape()).asLongStream().toArray();
                feeds.put(e.getKey(), OnnxTensor.createTensor(env, FloatBuffer.wrap(e.getValue().floats()), s));
            }
            // each engine's outputs are handed back after the run, as the ORT result is closed
            double[][] medians = Turns.medians(List.of(() -> qmap.recycle(qmap.run(inputs)), () -> {
                try {
                    session.run(feeds).close();
                } catch (OrtException e) {
                    throw new IllegalStateException("ONNX Runtime failed: " + e.getMessage(), e);
                }
            }), threads, warmup, runs, block, settleMs);
            feeds.values().forEach(OnnxTensor::close);
            return medians;
        }
    }

    static double median(List<Double> v) {
        List<Double> s = new ArrayList<>(v);
        s.sort(Double::compare);
        int n = s.size();
        return n % 2 == 1 ? s.get(n / 2) : (s.get(n / 2 - 1) + s.get(n / 2)) / 2;
    }
}
