package qmap.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import qmap.build.BuildJob;
import qmap.config.Config;
import qmap.config.ConfigReader;
import qmap.config.Overrides;

/**
 * Task accuracy of qmap's int8 models on ocr-bench: for each task, builds the model from
 * configs/TASK.yaml with qmap's BuildJob, then scores on eval/TASK (README §4 metrics) the user's
 * float model (PaddleOCR input), qmap's original float and quantized models (uint8 input, 128
 * padding) on qmap's executor, and the quantized file on ONNX Runtime as a cross-check; prints
 * float, int8 and drop beside ONNX Runtime's quantize_static baselines.
 *
 * <pre>
 * bench/run accuracy [--tasks cls,rec,det] [--limit N] [--work-dir DIR] [--calibration-type T]
 *                    [--threads N] [--variants user-float-ort,user-float,float,int8,int8-ort,int8-ort-noopt]
 *                    [--reuse-build] [--dump DIR] [--config TASK=C.yaml]
 * </pre>
 */
public final class AccuracyBench {
    private Path shared = Path.of("../shared");
    private List<OcrTask> tasks = List.of(OcrTask.CLS, OcrTask.REC, OcrTask.DET);
    private List<Variant> variants = List.of(Variant.values());
    private int limit = -1;
    private Path workDir = Path.of("target/accuracy");
    private String calibrationType;
    private int threads = Runtime.getRuntime().availableProcessors();
    private boolean reuseBuild;
    private Path dumpDir;
    /** Configs used instead of ocr-bench/configs/TASK.yaml (e.g. one amended by qmap debug --apply). */
    private final java.util.Map<String, Path> configs = new java.util.HashMap<>();

    public static void main(String[] args) {
        AccuracyBench b = new AccuracyBench();
        b.parse(args);
        b.run();
    }

    private void parse(String[] args) {
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--shared" -> shared = Path.of(args[++i]);
                case "--tasks" -> tasks = Arrays.stream(args[++i].split(",")).map(OcrTask::named).toList();
                case "--variants" -> variants = Arrays.stream(args[++i].split(",")).map(Variant::named).sorted().toList();
                case "--limit" -> limit = Integer.parseInt(args[++i]);
                case "--work-dir" -> workDir = Path.of(args[++i]);
                case "--calibration-type" -> calibrationType = args[++i];
                case "--threads" -> threads = Integer.parseInt(args[++i]);
                case "--reuse-build" -> reuseBuild = true;
                case "--dump" -> dumpDir = Path.of(args[++i]);
                case "--config" -> {
                    String[] kv = args[++i].split("=", 2);
                    configs.put(OcrTask.named(kv[0]).id(), Path.of(kv[1]));
                }
                default -> throw new IllegalArgumentException("unknown argument " + args[i]);
            }
        }
    }

    private void run() {
        Path bench = shared.resolve("ocr-bench");
        List<AccuracyReport.TaskResult> results = new ArrayList<>();
        for (OcrTask task : tasks) {
            results.add(runTask(bench, task));
            AccuracyReport.print(System.err, results, Baselines.read(bench.resolve("ref/baseline_results.json")));
        }
        AccuracyReport.print(System.out, results, Baselines.read(bench.resolve("ref/baseline_results.json")));
    }

    private AccuracyReport.TaskResult runTask(Path bench, OcrTask task) {
        Overrides o = Overrides.NONE.withWorkingDir(workDir.resolve(task.id()).toAbsolutePath());
        if (calibrationType != null) {
            o = o.withCalibrationType(calibrationType);
        }
        Config config = ConfigReader.read(configs.getOrDefault(task.id(), bench.resolve("configs/" + task.id() + ".yaml")),
                o);
        Path original = config.model().output("_original_float_model.onnx");
        Path quantized = config.model().output("_quantized_model.onnx");
        long t0 = System.nanoTime();
        String method = "not built";
        if (variants.stream().anyMatch(Variant::needsBuild)) {
            if (reuseBuild && Files.exists(quantized) && Files.exists(original)) {
                method = "reused " + quantized.getParent();
            } else {
                System.err.println(task.id() + ": building " + quantized);
                method = new BuildJob(config, line -> System.err.println("  [build " + task.id() + "] " + line))
                        .run().method();
            }
        }
        double buildSeconds = (System.nanoTime() - t0) / 1e9;
        List<OcrData.Sample> samples = OcrData.read(bench.resolve("eval/" + task.id()), limit);
        Map<Variant, AccuracyReport.VariantResult> byVariant = new EnumMap<>(Variant.class);
        for (Variant v : variants) {
            TaskMetric metric = task.metric(bench, samples.size());
            ModelRunner runner;
            try {
                runner = v.open(task, config.model().onnxModel(), original, quantized);
            } catch (IllegalStateException e) {
                // ONNX Runtime's optimizer rejects some valid QDQ graphs; report it and go on
                System.err.println(task.id() + " " + v.key() + ": " + e.getMessage());
                byVariant.put(v, AccuracyReport.VariantResult.failed(e.getMessage()));
                continue;
            }
            double seconds;
            try (runner) {
                seconds = SampleLoop.run(task.id() + " " + v.key(), samples.size(), threads, i -> {
                    OcrData.Sample s = samples.get(i);
                    metric.add(i, runner.run(v.input(task, s.image())), s.label());
                });
            }
            byVariant.put(v, new AccuracyReport.VariantResult(metric.result(), metric.counts(), seconds, null));
            System.err.println(task.id() + " " + v.key() + ": " + metric.result() + " " + metric.counts());
            dump(task, v, samples, metric);
        }
        return new AccuracyReport.TaskResult(task, samples.size(), buildSeconds, method, byVariant);
    }

    private void dump(OcrTask task, Variant v, List<OcrData.Sample> samples, TaskMetric metric) {
        if (dumpDir == null) {
            return;
        }
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < samples.size(); i++) {
            sb.append(samples.get(i).name()).append('\t').append(metric.prediction(i)).append('\n');
        }
        try {
            Files.createDirectories(dumpDir);
            Files.writeString(dumpDir.resolve(task.id() + "_" + v.key() + ".tsv"), sb, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(dumpDir + ": cannot write the dump", e);
        }
    }
}
