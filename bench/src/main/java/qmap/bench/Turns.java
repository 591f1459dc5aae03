package qmap.bench;

import java.lang.management.CompilationMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.List;

/**
 * Engines timed in turns in one process: warm-up runs of each (at least {@link #WARMUP_MS} in
 * all, and until the JIT is quiet: {@link WarmUp}), then rounds in which each engine
 * runs a block of timed runs after a pause. The pause is there because ONNX Runtime's
 * intra-op threads keep spinning on a core for tens of milliseconds after a run returns (measured
 * here: about a core's worth of CPU time for 50 to 100 ms after a rec run at 2 threads); an engine
 * timed right after it shares the machine with that spinning thread. Within a block each engine
 * runs back to back, as an application calling it would.
 *
 * <p>The pause keeps the cores busy ({@link #settle}): one spinning thread per thread of the
 * run. Sleeping instead left the virtual machine's cores idle, and the block after an idle pause
 * ran slow: the seed tracker's float and integer executors took 10-11 ms per run in blocks of
 * five after 250 ms of sleep, 7.0-7.5 and 6.4-7.0 ms after 250 ms of spinning, 6.8 and 6.1 ms with
 * no pause at all (same process kind, alternating blocks).
 */
final class Turns {
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
    /** The shortest warm-up, all engines together. */
    static final long WARMUP_MS = 3000;
    /** After WARMUP_MS, the warm-up goes on until the JIT compiler has finished nothing for this long. */
    static final long QUIET_MS = 1000;
    /** The longest warm-up, quiet or not. */
    static final long MAX_WARMUP_MS = 30_000;
    private static final CompilationMXBean JIT = ManagementFactory.getCompilationMXBean();
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
    static double[][] medians(List<Runnable> engines, int threads, int warmup, int runs, int block, long settleMs)
            throws InterruptedException {
        // at least `warmup` rounds and at least WARMUP_MS: a small model's kernels need hundreds
        // of runs before C2 has compiled them (cls took 38 ms per run after 3 warm-up runs, 2.4 ms warm)
        WarmUp warm = new WarmUp();
        for (int i = 0; i < warmup || warm.more(); i++) {
            engines.forEach(Runnable::run);
        }
        System.err.printf("[warm-up] %.1f s%n", warm.seconds());
        List<List<Double>> wall = new ArrayList<>();
        List<List<Double>> cpu = new ArrayList<>();
        for (int k = 0; k < engines.size(); k++) {
            wall.add(new ArrayList<>());
            cpu.add(new ArrayList<>());
        }
        for (int done = 0; done < runs; done += block) {
            for (int k = 0; k < engines.size(); k++) {
                settle(settleMs, threads);
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
     * Spins on {@code threads} threads (the calling one and threads - 1 others) for {@code ms}
     * milliseconds: another engine's spinning threads run down meanwhile, and the cores the next
     * block runs on stay busy, not idle.
     */
    static void settle(long ms, int threads) throws InterruptedException {
        long until = System.nanoTime() + ms * 1_000_000L;
        List<Thread> others = new ArrayList<>();
        for (int i = 1; i < threads; i++) {
            Thread t = new Thread(() -> spin(until), "settle-" + i);
            t.setDaemon(true);
            t.start();
            others.add(t);
        }
        spin(until);
        for (Thread t : others) {
            t.join();
        }
    }

    private static void spin(long until) {
        while (System.nanoTime() < until) {
            Thread.onSpinWait();
        }
    }

    /**
     * A warm-up's clock: at least {@link #WARMUP_MS} (after ten rec runs its five small Pow nodes
     * still ran interpreted, 0.5 ms, not 0.0), then until the JIT compiler has completed no
     * compilation for {@link #QUIET_MS}, at most {@link #MAX_WARMUP_MS}. qmap's per-node code
     * (dispatch, shape checks) runs a few hundred times a run and reaches C2 late: after 6 s of
     * rec at two threads, C2 still spent 1.2 s compiling over the next 6 s, about 100 ms a
     * method, on the second core, in qmap's turns (its runs trigger the compilations).
     */
    static final class WarmUp {
        private final long start = System.nanoTime();
        private long compiled = compiledMs();
        private long quietSince = start;

        /** Whether to warm up more; call once per round. */
        boolean more() {
            long now = System.nanoTime();
            long c = compiledMs();
            if (c != compiled) {
                compiled = c;
                quietSince = now;
            }
            long elapsed = now - start;
            if (elapsed < WARMUP_MS * 1_000_000L) {
                return true;
            }
            return elapsed < MAX_WARMUP_MS * 1_000_000L && now - quietSince < QUIET_MS * 1_000_000L;
        }

        double seconds() {
            return (System.nanoTime() - start) / 1e9;
        }

        private static long compiledMs() {
            return JIT != null && JIT.isCompilationTimeMonitoringSupported() ? JIT.getTotalCompilationTime() : 0;
        }
    }
}
