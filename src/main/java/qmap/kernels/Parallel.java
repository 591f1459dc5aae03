package qmap.kernels;

import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinTask;
import java.util.concurrent.atomic.AtomicInteger;

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

    private Parallel() {
    }

    /** Runs {@code task} for every index in {@code [0, count)}; serial when {@code pool} is null. */
    public static void forEach(ForkJoinPool pool, int count, Task task) {
        int helpers = pool == null ? 0 : Math.min(pool.getParallelism(), count - 1);
        if (helpers <= 0) {
            for (int i = 0; i < count; i++) {
                task.run(i);
            }
            return;
        }
        AtomicInteger next = new AtomicInteger();
        Runnable worker = () -> {
            for (int i = next.getAndIncrement(); i < count; i = next.getAndIncrement()) {
                task.run(i);
            }
        };
        ForkJoinTask<?>[] submitted = new ForkJoinTask<?>[helpers];
        for (int h = 0; h < helpers; h++) {
            submitted[h] = pool.submit(worker);
        }
        worker.run();
        for (ForkJoinTask<?> t : submitted) {
            t.join();
        }
    }

    /** How many tasks of about {@code grain} units {@code units} splits into (at least 1). */
    public static int chunks(long units, long grain) {
        return (int) Math.max(1, Math.min(Integer.MAX_VALUE, (units + grain - 1) / grain));
    }
}
