package qmap.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Each case of a latency benchmark (one model at one thread count) in a JVM of its own, as JMH
 * forks: what the JIT compiled for the cases before one is not that case's code. In one JVM, the
 * seed tracker's integer executor at one thread took 7.6 ms per run after det had run at one and
 * two threads, and 5.9-6.0 ms in a JVM that ran only the tracker, or det's integer model at one
 * thread first. {@code --in-process} runs every case in the calling JVM.
 *
 * <p>From JVM to JVM the same case still moves: with the same kernels, det's integer executor
 * at one thread took 0.90 times its float executor in one JVM and 1.03 in another. {@code
 * --forks N} runs each case in N JVMs and adds a row of each column's median over them.
 */
final class Forks {
    /** The option that runs the cases in this JVM. */
    static final String IN_PROCESS = "--in-process";
    /** Set by the parent for its children: no table header. */
    static final String NO_HEADER = "--no-header";

    private Forks() {
    }

    /**
     * Runs {@code main} in a child JVM (this JVM's options and class path) once per model and
     * thread count ({@code --forks N} in args: N times, then a row of the medians), with {@code
     * args} minus their --models, --threads and --forks plus the case's, and {@code extra}; the
     * children's table rows go to stdout as they come, their stderr through.
     */
    static void each(Class<?> main, String[] args, List<String> models, List<Integer> threads, List<String> extra)
            throws IOException, InterruptedException {
        List<String> common = new ArrayList<>();
        int forks = 1;
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--models") || args[i].equals("--threads")) {
                i++;
            } else if (args[i].equals("--forks")) {
                forks = Integer.parseInt(args[++i]);
            } else {
                common.add(args[i]);
            }
        }
        if (forks < 1) {
            throw new IllegalArgumentException("--forks: expected at least 1, got " + forks);
        }
        for (String model : models) {
            for (int t : threads) {
                List<String> rows = new ArrayList<>();
                for (int f = 0; f < forks; f++) {
                    rows.addAll(child(main, common, extra, model, t));
                }
                if (forks > 1) {
                    System.out.println(median(rows));
                }
            }
        }
    }

    /** One child JVM's run of one case: its table rows, printed as they come. */
    private static List<String> child(Class<?> main, List<String> common, List<String> extra, String model, int t)
            throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(ManagementFactory.getRuntimeMXBean().getInputArguments());
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(main.getName());
        command.addAll(common);
        command.addAll(extra);
        command.addAll(List.of("--models", model, "--threads", Integer.toString(t), IN_PROCESS, NO_HEADER));
        Process p = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        List<String> rows = new ArrayList<>();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line; (line = out.readLine()) != null; ) {
                System.out.println(line);
                rows.add(line);
            }
        }
        int code = p.waitFor();
        if (code != 0) {
            throw new IllegalStateException(main.getSimpleName() + " for " + model + " at " + t
                    + " thread(s) failed in its child JVM (exit " + code + ")");
        }
        return rows;
    }

    /** A number of a table row, with the spaces before it. */
    private static final Pattern NUMBER = Pattern.compile("(\\s+)(\\d+(?:\\.(\\d+))?)(?=\\s|$)");

    /**
     * The first row with each number of its trailing columns replaced by the median of that
     * column over all rows (ratios too: the median of the forks' ratios), marked as the median.
     */
    static String median(List<String> rows) {
        List<List<Double>> columns = new ArrayList<>();
        for (String row : rows) {
            List<Double> values = new ArrayList<>();
            for (Matcher m = NUMBER.matcher(tail(row)); m.find(); ) {
                values.add(Double.parseDouble(m.group(2)));
            }
            for (int c = 0; c < values.size(); c++) {
                if (columns.size() <= c) {
                    columns.add(new ArrayList<>());
                }
                columns.get(c).add(values.get(c));
            }
        }
        String first = rows.get(0);
        String tail = tail(first);
        StringBuilder out = new StringBuilder(first.substring(0, first.length() - tail.length()));
        Matcher m = NUMBER.matcher(tail);
        for (int c = 0; m.find(); c++) {
            int decimals = m.group(3) == null ? 0 : m.group(3).length();
            String value = String.format("%." + decimals + "f", LatencyBench.median(columns.get(c)));
            int width = m.group(1).length() + m.group(2).length();
            out.append(String.format("%" + width + "s", value));
        }
        return out + "   (median of " + rows.size() + " JVMs)";
    }

    /** The row's trailing run of numbers, each with the spaces before it. */
    private static String tail(String row) {
        Matcher m = NUMBER.matcher(row);
        int start = row.length();
        int end = -1;
        while (m.find()) {
            if (m.start() != end) {
                start = m.start();
            }
            end = m.end();
        }
        return end == row.length() ? row.substring(start) : "";
    }
}
