package qmap.bench;

import java.util.ArrayList;
import java.util.List;

/**
 * Engines timed in turns in one process: warm-up runs of each, then rounds in which each engine
 * runs a block of timed runs after a quiet pause. The pause is there because ONNX Runtime's
 * intra-op threads keep spinning on a core for tens of milliseconds after a run returns (measured
 * here: about a core's worth of CPU time for 50 to 100 ms after a rec run at 2 threads); an engine
 * timed right after it shares the machine with that spinning thread. Within a block each engine
 * runs back to back, as an application calling it would.
 */
final class Turns {
    /** Runs per engine in a block. */
    static final int BLOCK = 5;
    /** Pause before each block, longer than ONNX Runtime's spinning after a run. */
    static final long SETTLE_MS = 250;

    private Turns() {
    }

    /** Median milliseconds per run of each engine, {@code runs} timed runs each. */
    static double[] medians(List<Runnable> engines, int warmup, int runs, int block, long settleMs)
            throws InterruptedException {
        for (int i = 0; i < warmup; i++) {
            engines.forEach(Runnable::run);
        }
        List<List<Double>> times = new ArrayList<>();
        for (int k = 0; k < engines.size(); k++) {
            times.add(new ArrayList<>());
        }
        for (int done = 0; done < runs; done += block) {
            for (int k = 0; k < engines.size(); k++) {
                Thread.sleep(settleMs);
                for (int i = done; i < Math.min(runs, done + block); i++) {
                    long t0 = System.nanoTime();
                    engines.get(k).run();
                    times.get(k).add((System.nanoTime() - t0) / 1e6);
                }
            }
        }
        double[] medians = new double[engines.size()];
        for (int k = 0; k < medians.length; k++) {
            medians[k] = LatencyBench.median(times.get(k));
        }
        return medians;
    }
}
