package qmap.ops;

import java.util.concurrent.ForkJoinPool;

/**
 * What a kernel may use besides its inputs: the helper threads ({@code pool}, null for the
 * calling thread only) and the source of its arrays.
 */
public record Workspace(ForkJoinPool pool, Buffers buffers) {
    /** The calling thread and new arrays. */
    public static final Workspace SERIAL = new Workspace(null, Buffers.FRESH);

    /** The pool's threads and new arrays. */
    public static Workspace of(ForkJoinPool pool) {
        return pool == null ? SERIAL : new Workspace(pool, Buffers.FRESH);
    }

    public float[] floats(int size) {
        return buffers.floats(size);
    }

    public long[] longs(int size) {
        return buffers.longs(size);
    }

    public byte[] bytes(int size) {
        return buffers.bytes(size);
    }
}
