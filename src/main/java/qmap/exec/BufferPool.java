package qmap.exec;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
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
 * refilled. One run at a time; the lock only guards against kernels calling from helper threads.
 */
final class BufferPool implements Buffers {
    private final Map<Integer, ArrayDeque<float[]>> free = new HashMap<>();
    private final Map<Integer, ArrayDeque<long[]>> freeLongs = new HashMap<>();
    private final Map<Integer, ArrayDeque<byte[]>> freeBytes = new HashMap<>();
    /** Arrays handed out and not given up, with the number of live tensors holding each. */
    private final IdentityHashMap<Object, int[]> holders = new IdentityHashMap<>();
    /** Arrays handed out since the last {@link #settle}. */
    private final List<Object> taken = new ArrayList<>();
    private long created;

    @Override
    public synchronized float[] floats(int size) {
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
    synchronized void hold(Object array) {
        int[] n = holders.get(array);
        if (n != null) {
            n[0]++;
        }
    }

    /** A live tensor holding {@code array} was released; the last one frees the array. */
    synchronized void release(Object array) {
        int[] n = holders.get(array);
        if (n != null && --n[0] <= 0) {
            recycle(array);
        }
    }

    /** Frees the arrays taken since the last call that no live tensor holds (a node's scratch). */
    synchronized void settle() {
        for (Object a : taken) {
            int[] n = holders.get(a);
            if (n != null && n[0] <= 0) {
                recycle(a);
            }
        }
        taken.clear();
    }

    /** {@code array} leaves the pool: whoever has it now may keep it. */
    synchronized void giveUp(Object array) {
        holders.remove(array);
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
    synchronized long created() {
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
