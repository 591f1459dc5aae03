package qmap.exec;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import qmap.ops.Buffers;

/**
 * Arrays for work whose results are all dropped at once (one node run alone on copies of its
 * inputs, then compared): every array handed out since the last {@link #reset} waits, after it,
 * for the next request of its exact size, so repeating the same work allocates nothing. Whoever
 * took an array must not read it after the reset. Thread-safe: kernels call from helper threads.
 */
public final class Arena implements Buffers {
    private final Map<Integer, ArrayDeque<float[]>> free = new HashMap<>();
    private final Map<Integer, ArrayDeque<long[]>> freeLongs = new HashMap<>();
    private final Map<Integer, ArrayDeque<byte[]>> freeBytes = new HashMap<>();
    /** Arrays handed out since the last reset. */
    private final List<Object> taken = new ArrayList<>();
    /** Every array this arena created (what {@link #recycles} answers for). */
    private final Map<Object, Boolean> owned = new IdentityHashMap<>();
    private long created;

    @Override
    public synchronized float[] floats(int size) {
        ArrayDeque<float[]> q = free.get(size);
        float[] a = q == null ? null : q.pollLast();
        return take(a != null ? a : new float[size], a == null);
    }

    @Override
    public synchronized long[] longs(int size) {
        ArrayDeque<long[]> q = freeLongs.get(size);
        long[] a = q == null ? null : q.pollLast();
        return take(a != null ? a : new long[size], a == null);
    }

    @Override
    public synchronized byte[] bytes(int size) {
        ArrayDeque<byte[]> q = freeBytes.get(size);
        byte[] a = q == null ? null : q.pollLast();
        return take(a != null ? a : new byte[size], a == null);
    }

    @Override
    public synchronized boolean recycles(Object array) {
        return owned.containsKey(array);
    }

    /** Every array handed out so far is free for the next request of its size. */
    public synchronized void reset() {
        for (Object a : taken) {
            if (a instanceof float[] f) {
                free.computeIfAbsent(f.length, k -> new ArrayDeque<>()).addLast(f);
            } else if (a instanceof long[] l) {
                freeLongs.computeIfAbsent(l.length, k -> new ArrayDeque<>()).addLast(l);
            } else {
                byte[] b = (byte[]) a;
                freeBytes.computeIfAbsent(b.length, k -> new ArrayDeque<>()).addLast(b);
            }
        }
        taken.clear();
    }

    /** Arrays created so far (the rest of the requests were met from arrays given back by a reset). */
    public synchronized long created() {
        return created;
    }

    private <T> T take(T array, boolean isNew) {
        if (isNew) {
            owned.put(array, Boolean.TRUE);
            created++;
        }
        taken.add(array);
        return array;
    }
}
