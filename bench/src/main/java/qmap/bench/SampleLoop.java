package qmap.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntConsumer;

/**
 * Runs a body once per sample on a fixed number of threads and reports progress on stderr
 * (samples done, elapsed) about every 10% and at the end.
 */
public final class SampleLoop {
    private SampleLoop() {
    }

    /** Returns the elapsed seconds. */
    public static double run(String what, int samples, int threads, IntConsumer body) {
        long t0 = System.nanoTime();
        AtomicInteger done = new AtomicInteger();
        int every = Math.max(1, samples / 10);
        ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, Math.min(threads, samples)));
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (int i = 0; i < samples; i++) {
                int index = i;
                futures.add(pool.submit(() -> {
                    body.accept(index);
                    int d = done.incrementAndGet();
                    if (d % every == 0 || d == samples) {
                        System.err.printf("  %s: %d/%d samples, %.1f s%n", what, d, samples, seconds(t0));
                    }
                }));
            }
            for (Future<?> f : futures) {
                f.get();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(what + ": interrupted", e);
        } catch (ExecutionException e) {
            Throwable c = e.getCause();
            throw c instanceof RuntimeException r ? r : new IllegalStateException(what + ": " + c, c);
        } finally {
            pool.shutdownNow();
        }
        return seconds(t0);
    }

    private static double seconds(long t0) {
        return (System.nanoTime() - t0) / 1e9;
    }
}
