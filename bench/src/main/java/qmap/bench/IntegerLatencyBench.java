package qmap.bench;

import ai.onnxruntime.OnnxJavaType;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtLoggingLevel;
import ai.onnxruntime.OrtSession;
import java.nio.ByteBuffer;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import qmap.build.BuildJob;
import qmap.config.Config;
import qmap.config.ConfigReader;
import qmap.config.Overrides;
import qmap.exec.Executor;
import qmap.io.RawTensors;
import qmap.ir.DType;
import qmap.ir.Model;
import qmap.ir.Tensor;
import qmap.onnx.OnnxReader;
import qmap.passes.PassPipeline;
import qmap.quant.IntegerExecutor;
import qmap.quant.integer.RequantMode;

/**
 * The integer runtime against the float executor, in one process at one thread count: each
 * model is built for generic-int8 with max calibration (working dirs under {@code --work-dir},
 * reused with {@code --reuse-build}), then qmap's float executor runs the optimized float model
 * and qmap's integer executor the quantized model, both on the same real uint8 input, with
 * ONNX Runtime on the same two files for reference (the quantized one as it comes, and with int8
 * QDQ fusion, its integer kernels). Warm-up runs, then timed runs of all five in turns, in
 * blocks after a pause ({@link Turns}); medians.
 */
public final class IntegerLatencyBench {
    record Case(String name, String config, Map<String, Input> inputs) {
    }

    /** A raw input file below ../shared and its element type and shape. */
    record Input(String file, DType type, int[] shape) {
    }

    private IntegerLatencyBench() {
    }

    public static void main(String[] args) throws Exception {
        Path shared = Path.of("../shared");
        Path workDir = Path.of("target/latency-integer");
        int runs = 15;
        int warmup = 15;
        List<Integer> threads = List.of(1);
        List<String> models = List.of("det640", "tracker");
        boolean reuse = false;
        int block = Turns.BLOCK;
        long settleMs = Turns.SETTLE_MS;
        boolean inProcess = false;
        boolean header = true;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--integer" -> { }
                case Forks.IN_PROCESS -> inProcess = true;
                case "--forks" -> i++; // read by Forks
                case Forks.NO_HEADER -> header = false;
                case "--shared" -> shared = Path.of(args[++i]);
                case "--work-dir" -> workDir = Path.of(args[++i]);
                case "--runs" -> runs = Integer.parseInt(args[++i]);
                case "--warmup" -> warmup = Integer.parseInt(args[++i]);
                case "--threads" -> threads = Arrays.stream(args[++i].split(",")).map(Integer::parseInt).toList();
                case "--models" -> models = List.of(args[++i].split(","));
                case "--reuse-build" -> reuse = true;
                case "--block" -> block = Integer.parseInt(args[++i]);
                case "--settle-ms" -> settleMs = Long.parseLong(args[++i]);
                default -> throw new IllegalArgumentException("unknown argument " + args[i]);
            }
        }
        Map<String, Case> cases = cases();
        if (header) {
            System.out.printf("%-16s %7s %10s %10s %9s %10s %10s %10s %9s %13s%n", "model", "threads", "float ms",
                    "int ms", "int/float", "ORT f ms", "ORT q ms", "ORT i8 ms", "int/ORTi8", "int/float cpu");
        }
        for (String key : models) {
            Case c = cases.get(key);
            if (c == null) {
                throw new IllegalArgumentException("unknown model " + key + " (expected one of " + cases.keySet() + ")");
            }
            Path dir = build(shared.resolve(c.config()), workDir.resolve(key).toAbsolutePath(), reuse);
            if (!inProcess) {
                // built here once; each thread count then times it in a JVM of its own
                Forks.each(LatencyBench.class, args, List.of(key), threads, List.of("--reuse-build"));
                continue;
            }
            Map<String, Tensor> inputs = inputs(shared, c);
            for (int t : threads) {
                double[][] m = measure(file(dir, "_optimized_float_model.onnx"), file(dir, "_quantized_model.onnx"),
                        inputs, t, warmup, runs, block, settleMs);
                double[] r = m[0];
                System.out.printf("%-16s %7d %10.1f %10.1f %9.2f %10.1f %10.1f %10.1f %9.2f %13.2f%n", c.name(), t, r[0],
                        r[1], r[1] / r[0], r[2], r[3], r[4], r[1] / r[4], m[1][1] / m[1][0]);
            }
        }
    }

    static Map<String, Case> cases() {
        Map<String, Case> cases = new LinkedHashMap<>();
        cases.put("det640", new Case("det 640x640", "ocr-bench/configs/det.yaml", Map.of(
                "x", new Input("ocr-bench/calib/det_bin/det_0000.bin", DType.UINT8, new int[] {1, 3, 640, 640}))));
        Map<String, Input> trk = new LinkedHashMap<>();
        trk.put("input1", new Input("seed-tracker/eval/z_00.bin", DType.UINT8, new int[] {1, 127, 127, 3}));
        trk.put("input2", new Input("seed-tracker/eval/x_00.bin", DType.UINT8, new int[] {1, 255, 255, 3}));
        trk.put("input3", new Input("seed-tracker/eval/b_00.bin", DType.FLOAT, new int[] {1, 4, 1, 1}));
        cases.put("tracker", new Case("seed tracker", "seed-tracker/config.yaml", trk));
        return cases;
    }

    /** The case's real inputs, by graph input name. */
    static Map<String, Tensor> inputs(Path shared, Case c) {
        Map<String, Tensor> inputs = new LinkedHashMap<>();
        for (Map.Entry<String, Input> e : c.inputs().entrySet()) {
            inputs.put(e.getKey(), read(shared, e.getValue()));
        }
        return inputs;
    }

    /** Builds (or reuses) the generic-int8 model of a config; its working dir. */
    static Path build(Path config, Path dir, boolean reuse) throws Exception {
        if (reuse && Files.isDirectory(dir) && hasFile(dir, "_quantized_model.onnx")
                && hasFile(dir, "_optimized_float_model.onnx")) {
            System.err.println("[latency --integer] reusing " + dir);
            return dir;
        }
        Config cfg = ConfigReader.read(config, Overrides.NONE.withWorkingDir(dir).withMarch("generic-int8")
                .withCalibrationType("max"));
        System.err.println("[latency --integer] building " + config + " into " + dir);
        new BuildJob(cfg, line -> { }).run();
        return dir;
    }

    private static boolean hasFile(Path dir, String suffix) throws Exception {
        try (Stream<Path> files = Files.list(dir)) {
            return files.anyMatch(p -> p.getFileName().toString().endsWith(suffix));
        }
    }

    static Path file(Path dir, String suffix) throws Exception {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(p -> p.getFileName().toString().endsWith(suffix)).findFirst()
                    .orElseThrow(() -> new IllegalStateException(dir + ": no *" + suffix));
        }
    }

    /** A raw calibration/eval file; NCHW image files become the runtime's NHWC. */
    private static Tensor read(Path shared, Input in) {
        Tensor t = RawTensors.read(shared.resolve(in.file()), in.type(), in.shape());
        return in.type() == DType.UINT8 && in.shape()[1] == 3 ? nhwc(t) : t;
    }

    private static Tensor nhwc(Tensor nchw) {
        int[] s = nchw.shape();
        long[] v = nchw.longs();
        byte[] out = new byte[v.length];
        int c = s[1];
        int hw = s[2] * s[3];
        for (int ch = 0; ch < c; ch++) {
            for (int p = 0; p < hw; p++) {
                out[p * c + ch] = (byte) v[ch * hw + p];
            }
        }
        return Tensor.ofBytes(nchw.dtype(), new int[] {s[0], s[2], s[3], c}, out);
    }

    /**
     * Median ms of: qmap float, qmap integer, ORT float, ORT QDQ as it comes, ORT QDQ with int8
     * fusion; wall time, then the calling thread's CPU time ({@link Turns}).
     */
    static double[][] measure(Path floatFile, Path quantizedFile, Map<String, Tensor> inputs, int threads, int warmup,
                            int runs, int block, long settleMs) throws Exception {
        Model fm = OnnxReader.read(floatFile);
        Model floatModel = fm.withGraph(PassPipeline.staticShapes().apply(fm.graph()));
        Model quantized = OnnxReader.read(quantizedFile);
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        try (Executor qf = Executor.of(floatModel, threads);
             IntegerExecutor qi = IntegerExecutor.of(quantized, RequantMode.ORT_FLOAT, threads);
             OrtSession of = session(env, floatFile, threads, false);
             OrtSession oq = session(env, quantizedFile, threads, false);
             OrtSession oi = session(env, quantizedFile, threads, true)) {
            Map<String, OnnxTensor> feeds = feeds(env, inputs);
            List<Runnable> contenders = List.of(() -> qf.recycle(qf.run(inputs)), () -> qi.recycle(qi.run(inputs)),
                    () -> ort(of, feeds), () -> ort(oq, feeds), () -> ort(oi, feeds));
            double[][] medians = Turns.medians(contenders, threads, warmup, runs, block, settleMs);
            feeds.values().forEach(OnnxTensor::close);
            return medians;
        }
    }

    private static OrtSession session(OrtEnvironment env, Path file, int threads, boolean int8) throws Exception {
        try (OrtSession.SessionOptions opts = new OrtSession.SessionOptions()) {
            opts.setIntraOpNumThreads(threads);
            opts.setInterOpNumThreads(1);
            opts.setSessionLogLevel(OrtLoggingLevel.ORT_LOGGING_LEVEL_ERROR);
            opts.addConfigEntry("session.qdqisint8allowed", int8 ? "1" : "0");
            return env.createSession(Files.readAllBytes(file), opts);
        }
    }

    private static Map<String, OnnxTensor> feeds(OrtEnvironment env, Map<String, Tensor> inputs) throws OrtException {
        Map<String, OnnxTensor> feeds = new HashMap<>();
        for (Map.Entry<String, Tensor> e : inputs.entrySet()) {
            Tensor t = e.getValue();
            long[] shape = Arrays.stream(t.shape()).asLongStream().toArray();
            if (t.dtype() == DType.FLOAT) {
                feeds.put(e.getKey(), OnnxTensor.createTensor(env, FloatBuffer.wrap(t.floats()), shape));
            } else {
                ByteBuffer b = ByteBuffer.allocateDirect(t.size());
                for (long v : t.longs()) {
                    b.put((byte) v);
                }
                b.rewind();
                feeds.put(e.getKey(), OnnxTensor.createTensor(env, b, shape, OnnxJavaType.UINT8));
            }
        }
        return feeds;
    }

    private static void ort(OrtSession s, Map<String, OnnxTensor> feeds) {
        try {
            s.run(feeds).close();
        } catch (OrtException e) {
            throw new IllegalStateException("ONNX Runtime failed: " + e.getMessage(), e);
        }
    }
}
