package qmap.exec;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import qmap.ops.Buffers;

/**
 * The executor's memory plan: float (and long, byte) arrays recycled by liveness. Kernels take
 * arrays of an exact size ({@link #floats}, {@link #longs}, {@link #bytes}); the executor counts the live tensors holding each array it
 * handed out ({@link #hold}, {@link #release}; views such as Reshape's output share their
 * input's array and count too) and when the last one is released the array waits for the next
 * request of its size. Arrays a node took but did not return are free again once it has run
 * ({@link #settle}). Runs of the same input shapes make the same requests in the same order, so
 * after the first one every request is met from kept arrays. An array handed to someone who may
 * keep it (graph outputs, listeners that keep tensors) is given up ({@link #giveUp}) and never
 * refilled. Work that runs kernels outside an executor (one node alone, a graph node by node over
 * several samples) keeps its arrays the same way: {@link #hold} what it stores, {@link #release}
 * it when dropped, {@link #settle} after each node, and {@link #trim} when the sizes it needs
 * move on (a single pass over a graph). One run at a time; the lock only guards
 * against kernels calling from helper threads.
 */
public final class BufferPool implements Buffers {
    private final Map<Integer, ArrayDeque<float[]>> free = new HashMap<>();
    private final Map<Integer, ArrayDeque<long[]>> freeLongs = new HashMap<>();
    private final Map<Integer, ArrayDeque<byte[]>> freeBytes = new HashMap<>();
    /** Arrays handed out and not given up, with the number of live tensors holding each. */
    private final IdentityHashMap<Object, int[]> holders = new IdentityHashMap<>();
    /** Arrays handed out since the last {@link #settle}. */
    private final List<Object> taken = new ArrayList<>();
    /** Sizes requested since the last {@link #trim}, per kind. */
    private final Set<Integer> requested = new HashSet<>();
    private final Set<Integer> requestedLongs = new HashSet<>();
    private final Set<Integer> requestedBytes = new HashSet<>();
    private long created;

    @Override
    public synchronized float[] floats(int size) {
        requested.add(size);
        ArrayDeque<float[]> q = free.get(size);
        float[] a = q == null ? null : q.pollLast();
        if (a == null) {
            a = new float[size];
            created++;
        }
        holders.put(a, new int[1]);
        taken.add(a);
        return a;
    }

    @Override
    public synchronized long[] longs(int size) {
        requestedLongs.add(size);
        ArrayDeque<long[]> q = freeLongs.get(size);
        long[] a = q == null ? null : q.pollLast();
        if (a == null) {
            a = new long[size];
            created++;
        }
        holders.put(a, new int[1]);
        taken.add(a);
        return a;
    }

    @Override
    public synchronized byte[] bytes(int size) {
        requestedBytes.add(size);
        ArrayDeque<byte[]> q = freeBytes.get(size);
        byte[] a = q == null ? null : q.pollLast();
        if (a == null) {
            a = new byte[size];
            created++;
        }
        holders.put(a, new int[1]);
        taken.add(a);
        return a;
    }

    @Override
    public synchronized boolean recycles(Object array) {
        return holders.containsKey(array);
    }

    /** One more live tensor holds {@code array} (no effect on arrays this pool does not own). */
    public synchronized void hold(Object array) {
        int[] n = holders.get(array);
        if (n != null) {
            n[0]++;
        }
    }

    /** A live tensor holding {@code array} was released; the last one frees the array. */
    public synchronized void release(Object array) {
        int[] n = holders.get(array);
        if (n != null && --n[0] <= 0) {
            recycle(array);
        }
    }

    /** Frees the arrays taken since the last call that no live tensor holds (a node's scratch). */
    public synchronized void settle() {
        for (Object a : taken) {
            int[] n = holders.get(a);
            if (n != null && n[0] <= 0) {
                recycle(a);
            }
        }
        taken.clear();
    }

    /**
     * Drops the free arrays of every size not requested since the last call: a pass that walks
     * through a graph once (each size needed for a few nodes) keeps only what it is likely to reuse.
     */
    public synchronized void trim() {
        free.keySet().retainAll(requested);
        freeLongs.keySet().retainAll(requestedLongs);
        freeBytes.keySet().retainAll(requestedBytes);
        requested.clear();
        requestedLongs.clear();
        requestedBytes.clear();
    }

    /** {@code array} leaves the pool: whoever has it now may keep it. True if the pool held it. */
    synchronized boolean giveUp(Object array) {
        return holders.remove(array) != null;
    }

    /**
     * An array this pool handed out and gave up comes back (its taker is done with it): it waits
     * for the next request of its size.
     */
    synchronized void takeBack(Object array) {
        if (!holders.containsKey(array)) {
            recycle(array);
        }
    }

    /**
     * Gives up every array still held (by a run that stopped early or is still going): those
     * are never refilled, so a new run can start whatever happened to the previous one.
     */
    synchronized void giveUpHeld() {
        holders.clear();
        taken.clear();
    }

    /** Arrays created so far (the rest of the requests were met from recycled arrays). */
    public synchronized long created() {
        return created;
    }

    private void recycle(Object a) {
        holders.remove(a);
        if (a instanceof float[] f) {
            free.computeIfAbsent(f.length, k -> new ArrayDeque<>()).addLast(f);
        } else if (a instanceof long[] l) {
            freeLongs.computeIfAbsent(l.length, k -> new ArrayDeque<>()).addLast(l);
        } else {
            byte[] b = (byte[]) a;
            freeBytes.computeIfAbsent(b.length, k -> new ArrayDeque<>()).addLast(b);
        }
    }
}
