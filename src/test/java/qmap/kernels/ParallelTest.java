package qmap.kernels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.atomic.AtomicIntegerArray;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/** Parallel.forEach: every index once, the caller back only when all tasks ran, task failures rethrown. */
class ParallelTest {
    private static final ForkJoinPool POOL = new ForkJoinPool(3);

    @AfterAll
    static void stopPool() {
        POOL.shutdown();
    }

    @Test
    void everyIndexRunsOnceAndIsDoneOnReturn() {
        for (int count : new int[] {1, 2, 7, 1000}) {
            AtomicIntegerArray runs = new AtomicIntegerArray(count);
            Parallel.forEach(POOL, count, i -> {
                // nested steps run on the same pool: the inner caller does what no helper takes
                Parallel.forEach(POOL, 3, j -> runs.incrementAndGet(i));
            });
            for (int i = 0; i < count; i++) {
                assertEquals(3, runs.get(i), "count " + count + " index " + i);
            }
        }
    }

    @Test
    void aTaskFailureIsRethrown() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Parallel.forEach(POOL, 100, i -> {
                    if (i == 57) {
                        throw new IllegalArgumentException("task 57");
                    }
                }));
        assertEquals("task 57", e.getMessage());
    }

    @Test
    void helperThreadsTakeTasksAndEndWithTheirPool() throws InterruptedException {
        ForkJoinPool pool = new ForkJoinPool(2);
        java.util.Set<Thread> threads = java.util.concurrent.ConcurrentHashMap.newKeySet();
        // tasks long enough (about 1 ms each) that the helpers, woken by the first step, take some
        for (int step = 0; step < 50 && threads.size() < 3; step++) {
            Parallel.forEach(pool, 12, i -> {
                threads.add(Thread.currentThread());
                long until = System.nanoTime() + 1_000_000;
                while (System.nanoTime() < until) {
                    Thread.onSpinWait();
                }
            });
        }
        threads.remove(Thread.currentThread());
        assertEquals(java.util.Set.of("qmap-helper-0", "qmap-helper-1"),
                threads.stream().map(Thread::getName).collect(java.util.stream.Collectors.toSet()));
        pool.shutdown();
        // a parked helper looks at its pool at least once a second
        for (Thread t : threads) {
            t.join(20_000);
            assertFalse(t.isAlive(), t.getName() + " still running 20 s after its pool shut down");
        }
    }
}
