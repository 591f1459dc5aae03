package qmap.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Wall time and peak resident memory of a full {@code qmap build} of each ocr-bench config, once
 * with its first N calibration samples and once with all of them, each build in its own JVM
 * (peak RSS read from /proc while the child runs, so Linux only; elsewhere it says n/a).
 *
 * <pre>bench/run build [--configs cls,rec,det] [--small 10] [--xmx 8g] [--threads N] [--jvm "OPTIONS"] [--work-dir DIR]</pre>
 * ({@code --jvm}: more options for the child JVMs, split at spaces, e.g. a GC to compare)
 */
public final class BuildBench {
    private static final Pattern CAL_DIR = Pattern.compile("(?m)^(\\s*cal_data_dir:\\s*)'?([^'\\n#]+?)'?\\s*$");
    private static final Pattern MODEL = Pattern.compile("(?m)^(\\s*onnx_model:\\s*)'?([^'\\n#]+?)'?\\s*$");

    private BuildBench() {
    }

    public static void main(String[] args) throws Exception {
        Path shared = Path.of("../shared");
        List<String> configs = List.of("cls", "rec", "det");
        int small = 10;
        String xmx = "8g";
        String threads = "";
        List<String> jvm = List.of();
        Path work = Path.of("bench/target/build-bench");
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--shared" -> shared = Path.of(args[++i]);
                case "--configs" -> configs = List.of(args[++i].split(","));
                case "--small" -> small = Integer.parseInt(args[++i]);
                case "--xmx" -> xmx = args[++i];
                case "--threads" -> threads = args[++i];
                case "--jvm" -> jvm = List.of(args[++i].trim().split("\\s+"));
                case "--work-dir" -> work = Path.of(args[++i]);
                default -> {
                    System.err.println("bench/run build: unknown option " + args[i]);
                    System.exit(2);
                }
            }
        }
        Files.createDirectories(work);
        List<String> rows = new ArrayList<>();
        for (String name : configs) {
            Path config = shared.resolve("ocr-bench/configs/" + name + ".yaml").toAbsolutePath().normalize();
            String text = Files.readString(config);
            Path calDir = resolve(config, CAL_DIR, text);
            List<Path> files;
            try (Stream<Path> s = Files.list(calDir)) {
                files = s.filter(Files::isRegularFile).sorted().toList();
            }
            Path smallDir = work.resolve(name + "_calib_" + small).toAbsolutePath();
            if (Files.exists(smallDir)) {
                try (Stream<Path> s = Files.list(smallDir)) {
                    for (Path p : s.toList()) {
                        Files.delete(p);
                    }
                }
            }
            Files.createDirectories(smallDir);
            for (Path f : files.subList(0, Math.min(small, files.size()))) {
                Files.createSymbolicLink(smallDir.resolve(f.getFileName()), f.toAbsolutePath());
            }
            for (Path dir : List.of(smallDir, calDir)) {
                int n = dir.equals(smallDir) ? Math.min(small, files.size()) : files.size();
                String amended = replace(replace(text, CAL_DIR, dir.toString()), MODEL,
                        resolve(config, MODEL, text).toString());
                if (!threads.isEmpty()) {
                    amended = amended + "\nqmap_parameters:\n  threads: " + threads + "\n";
                }
                Path cfg = work.resolve(name + "_" + n + ".yaml").toAbsolutePath();
                Files.writeString(cfg, amended);
                Path out = work.resolve(name + "_" + n).toAbsolutePath();
                System.err.printf("build %s with %d calibration samples...%n", name, n);
                List<String> command = new ArrayList<>(List.of(javaBin(), "-Xmx" + xmx));
                command.addAll(jvm);
                command.addAll(List.of("--add-modules", "jdk.incubator.vector", "-cp",
                        System.getProperty("java.class.path"), "qmap.cli.Main", "build", "--config", cfg.toString(),
                        "--working-dir", out.toString()));
                Measured m = run(command, work.resolve(name + "_" + n + ".log"));
                rows.add(String.format(Locale.ROOT, "%-4s %8d %10.1f %14s %6d", name, n, m.seconds(),
                        m.peakRssKb() < 0 ? "n/a" : String.format(Locale.ROOT, "%.0f", m.peakRssKb() / 1024.0),
                        m.exitCode()));
            }
        }
        System.out.println("qmap build: wall time and peak RSS per config (child JVM -Xmx" + xmx + ")");
        System.out.println("task  samples   time (s)  peak RSS (MB)   exit");
        rows.forEach(System.out::println);
    }

    private record Measured(double seconds, long peakRssKb, int exitCode) {
    }

    private static Measured run(List<String> command, Path log) throws IOException, InterruptedException {
        long t0 = System.nanoTime();
        Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        Path status = Path.of("/proc/" + p.pid() + "/status");
        long peak = -1;
        while (p.isAlive()) {
            peak = Math.max(peak, hwm(status));
            Thread.sleep(50);
        }
        return new Measured((System.nanoTime() - t0) / 1e9, peak, p.waitFor());
    }

    /** VmHWM (peak resident set, kB) of a live process, or -1. */
    private static long hwm(Path status) {
        try {
            for (String line : Files.readAllLines(status)) {
                if (line.startsWith("VmHWM:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", ""));
                }
            }
        } catch (IOException | RuntimeException e) {
            // the process ended between the check and the read, or no /proc here
        }
        return -1;
    }

    private static Path resolve(Path config, Pattern key, String text) {
        Matcher m = key.matcher(text);
        if (!m.find()) {
            throw new IllegalArgumentException(config + ": no " + key.pattern());
        }
        return config.getParent().resolve(m.group(2).trim()).normalize();
    }

    private static String replace(String text, Pattern key, String value) {
        return key.matcher(text).replaceFirst("$1'" + Matcher.quoteReplacement(value) + "'");
    }

    private static String javaBin() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }
}
