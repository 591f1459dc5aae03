package qmap.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.List;

/**
 * Engines timed in turns in one process: warm-up runs of each (at least {@link #WARMUP_MS} in
 * all), then rounds in which each engine
 * runs a block of timed runs after a quiet pause. The pause is there because ONNX Runtime's
 * intra-op threads keep spinning on a core for tens of milliseconds after a run returns (measured
 * here: about a core's worth of CPU time for 50 to 100 ms after a rec run at 2 threads); an engine
 * timed right after it shares the machine with that spinning thread. Within a block each engine
 * runs back to back, as an application calling it would.
 */
final class Turns {
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
    /** The shortest warm-up, all engines together. */
    static final long WARMUP_MS = 3000;
    /** Runs per engine in a block. */
    static final int BLOCK = 5;
    /** Pause before each block, longer than ONNX Runtime's spinning after a run. */
    static final long SETTLE_MS = 250;

    private Turns() {
    }

    /**
     * Median milliseconds per run of each engine, {@code runs} timed runs each: {@code [0]} wall
     * time, {@code [1]} CPU time of the calling thread. At one thread both engines run on the
     * calling thread (ONNX Runtime's intra-op pool is then the caller alone), so its CPU time
     * leaves out the time the machine took the core away, which wall time on a shared machine
     * does not.
     */
    static double[][] medians(List<Runnable> engines, int warmup, int runs, int block, long settleMs)
            throws InterruptedException {
        // at least `warmup` rounds and at least WARMUP_MS: a small model's kernels need hundreds
        // of runs before C2 has compiled them (cls took 38 ms per run after 3 warm-up runs, 2.4 ms warm)
        long start = System.nanoTime();
        for (int i = 0; i < warmup || warmingUp(start); i++) {
            engines.forEach(Runnable::run);
        }
        List<List<Double>> wall = new ArrayList<>();
        List<List<Double>> cpu = new ArrayList<>();
        for (int k = 0; k < engines.size(); k++) {
            wall.add(new ArrayList<>());
            cpu.add(new ArrayList<>());
        }
        for (int done = 0; done < runs; done += block) {
            for (int k = 0; k < engines.size(); k++) {
                Thread.sleep(settleMs);
                for (int i = done; i < Math.min(runs, done + block); i++) {
                    long c0 = THREADS.getCurrentThreadCpuTime();
                    long t0 = System.nanoTime();
                    engines.get(k).run();
                    wall.get(k).add((System.nanoTime() - t0) / 1e6);
                    cpu.get(k).add((THREADS.getCurrentThreadCpuTime() - c0) / 1e6);
                }
            }
        }
        double[][] medians = new double[2][engines.size()];
        for (int k = 0; k < engines.size(); k++) {
            medians[0][k] = LatencyBench.median(wall.get(k));
            medians[1][k] = LatencyBench.median(cpu.get(k));
        }
        return medians;
    }

    /**
     * Whether a warm-up begun at {@code start} is shorter than {@link #WARMUP_MS} (the profile's
     * too: after ten rec runs its five small Pow nodes still ran interpreted, 0.5 ms, not 0.0).
     */
    static boolean warmingUp(long start) {
        return System.nanoTime() - start < WARMUP_MS * 1_000_000L;
    }
}
