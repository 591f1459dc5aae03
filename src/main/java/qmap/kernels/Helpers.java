package qmap.kernels;

import java.lang.ref.WeakReference;
import java.util.Collections;
import java.util.Map;
import java.util.WeakHashMap;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.locks.LockSupport;

/**
 * The threads that help a caller of {@link Parallel#forEach}: one per unit of a pool's
 * parallelism (the pool stands for the executor's thread count; its own threads are never
 * started). After its last job a helper spins for {@link #SPIN_NANOS} waiting for the next one
 * before it parks, as ONNX Runtime's workers do: a parked thread takes long to run again on a
 * virtual machine, and an inference runs one short parallel step after another. Measured on
 * the 2-core VM, in one process, spinning and parking in turns (blocks of 5 runs, each after
 * 250 ms idle, 2 threads): rec 21.4 -> 20.2, 22.6 -> 21.7, 27.2 -> 26.2, 25.8 -> 24.1 ms
 * (200 µs to 5 ms spins); cls 4.4 -> 3.6 ms, det 92 -> 83 ms. A helper ends once its pool is
 * shut down or unreachable (checked at least every second while parked).
 */
final class Helpers {
    /** How long a helper spins for its next job (system property {@code qmap.helperSpinMicros}, default 1000). */
    static final long SPIN_NANOS = Math.max(0, Long.getLong("qmap.helperSpinMicros", 1000)) * 1000;
    private static final long PARK_NANOS = 1_000_000_000L;
    private static final Map<ForkJoinPool, Helpers> TEAMS = Collections.synchronizedMap(new WeakHashMap<>());

    private final Helper[] helpers;

    private Helpers(ForkJoinPool pool) {
        WeakReference<ForkJoinPool> owner = new WeakReference<>(pool);
        helpers = new Helper[pool.getParallelism()];
        for (int i = 0; i < helpers.length; i++) {
            helpers[i] = new Helper(owner);
            helpers[i].setDaemon(true);
            helpers[i].setName("qmap-helper-" + i);
            helpers[i].start();
        }
    }

    /** The helpers of {@code pool}, started on first use. */
    static Helpers of(ForkJoinPool pool) {
        return TEAMS.computeIfAbsent(pool, Helpers::new);
    }

    /**
     * Hands {@code job} to the first {@code count} helpers (at most the pool's parallelism). A
     * helper still busy, or not yet awake, with an earlier job takes this one after it; a job
     * not yet taken is replaced (a caller of forEach runs every task no helper took).
     */
    void submit(Runnable job, int count) {
        for (int i = 0; i < Math.min(count, helpers.length); i++) {
            helpers[i].hand(job);
        }
    }

    private static final class Helper extends Thread {
        private final WeakReference<ForkJoinPool> owner;
        private volatile Runnable job;
        private volatile boolean parked;

        Helper(WeakReference<ForkJoinPool> owner) {
            this.owner = owner;
        }

        void hand(Runnable r) {
            job = r;
            // the helper sets parked before its last look at job, so one of the two sees the other
            if (parked) {
                LockSupport.unpark(this);
            }
        }

        @Override
        public void run() {
            long idleSince = System.nanoTime();
            while (true) {
                Runnable j = job;
                if (j != null) {
                    job = null;
                    j.run();
                    idleSince = System.nanoTime();
                } else if (System.nanoTime() - idleSince < SPIN_NANOS) {
                    Thread.onSpinWait();
                } else {
                    parked = true;
                    if (job == null) {
                        LockSupport.parkNanos(this, PARK_NANOS);
                    }
                    parked = false;
                    ForkJoinPool pool = owner.get();
                    if (job == null && (pool == null || pool.isShutdown())) {
                        return;
                    }
                    idleSince = System.nanoTime();
                }
            }
        }
    }
}
