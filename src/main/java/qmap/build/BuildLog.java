package qmap.build;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * What a build says: every line goes to the console sink and into the build log; progress
 * ticks and the elapsed time in front of each console line (which differ between runs) go to
 * the console only, so the log file is deterministic.
 */
public final class BuildLog {
    private final Consumer<String> console;
    private final List<String> lines = new ArrayList<>();
    private final long start = System.nanoTime();

    public BuildLog(Consumer<String> console) {
        this.console = console;
    }

    /** A line for the console, after the seconds since the build started, and for the log. */
    public void say(String line) {
        lines.add(line);
        console.accept(String.format("[%5.1f s] %s", (System.nanoTime() - start) / 1e9, line));
    }

    /** A line for the log only (the caller shows it another way, e.g. the table on stdout). */
    public void record(String line) {
        lines.add(line);
    }

    /** A progress line for the console only. */
    public void progress(String line) {
        console.accept(line);
    }

    public List<String> lines() {
        return List.copyOf(lines);
    }
}
