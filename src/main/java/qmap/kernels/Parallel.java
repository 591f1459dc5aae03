package qmap.kernels;

import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Work sharing for the fast kernels: tasks {@code 0..count-1} run on the pool's threads and the
 * calling one, each task taken once. A kernel cuts its work into tasks by output channels, rows
 * or tiles, never by splitting a sum, so which thread runs a task never changes a result.
 */
public final class Parallel {
    /** The body of one task. */
    @FunctionalInterface
    public interface Task {
        void run(int index);
    }

    /** Busy-wait rounds for a helper's last task before yielding the core to it. */
    private static final int SPINS = 1 << 12;

    private Parallel() {
    }

    /**
     * Runs {@code task} for every index in {@code [0, count)}; serial when {@code pool} is null,
     * else on the pool's {@link Helpers} (spinning a while for the next step) and the caller.
     * The calling thread takes tasks too and waits only for tasks a helper has already taken,
     * never for a helper to wake up: a helper that comes late finds nothing left and returns.
     * (Joining the submitted helpers instead made every parallel step wait for the pool thread
     * to be scheduled, which on a busy machine costs more than the step.) The first exception a
     * task throws is rethrown here once no task is running.
     */
    public static void forEach(ForkJoinPool pool, int count, Task task) {
        int helpers = pool == null ? 0 : Math.min(pool.getParallelism(), count - 1);
        if (helpers <= 0) {
            for (int i = 0; i < count; i++) {
                task.run(i);
            }
            return;
        }
        AtomicInteger next = new AtomicInteger();
        AtomicInteger finished = new AtomicInteger();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Runnable worker = () -> {
            for (int i = next.getAndIncrement(); i < count; i = next.getAndIncrement()) {
                try {
                    task.run(i);
                } catch (Throwable e) {
                    failure.compareAndSet(null, e);
                } finally {
                    finished.incrementAndGet();
                }
            }
        };
        Helpers.of(pool).submit(worker, helpers);
        worker.run();
        for (int spins = 0; finished.get() < count; spins++) {
            if (spins < SPINS) {
                Thread.onSpinWait();
            } else {
                Thread.yield();
            }
        }
        Throwable e = failure.get();
        if (e instanceof RuntimeException r) {
            throw r;
        }
        if (e instanceof Error r) {
            throw r;
        }
        if (e != null) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * The pool for work on {@code threads} threads: the caller and {@code threads - 1} helpers
     * ({@link #forEach}); null for one thread. The caller shuts it down.
     */
    public static ForkJoinPool pool(int threads) {
        return threads <= 1 ? null : new ForkJoinPool(threads - 1);
    }

    /** How many tasks of about {@code grain} units {@code units} splits into (at least 1). */
    public static int chunks(long units, long grain) {
        return (int) Math.max(1, Math.min(Integer.MAX_VALUE, (units + grain - 1) / grain));
    }
}
