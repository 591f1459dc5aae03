package qmap.ops;

/**
 * Where a kernel takes the float (and integer) arrays it fills: the executor recycles them between nodes and
 * runs ({@code qmap.exec.BufferPool}); outside an executor every request is a new array.
 */
public interface Buffers {
    /** New arrays every time, never recycled. */
    Buffers FRESH = new Buffers() {
        @Override
        public float[] floats(int size) {
            return new float[size];
        }

        @Override
        public long[] longs(int size) {
            return new long[size];
        }

        @Override
        public byte[] bytes(int size) {
            return new byte[size];
        }

        @Override
        public boolean recycles(Object array) {
            return false;
        }
    };

    /**
     * An array of exactly {@code size} floats whose contents are undefined (a recycled array
     * holds old values): for the node's outputs, or scratch the node drops when it returns.
     */
    float[] floats(int size);

    /** As {@link #floats}, for the values of an integer tensor. */
    long[] longs(int size);

    /** As {@link #floats}, for the bytes of an 8-bit integer tensor. */
    byte[] bytes(int size);

    /**
     * Whether {@code array} came from this source and may be refilled after its tensors are
     * released; a cache that outlives the run must not be keyed on such an array.
     */
    boolean recycles(Object array);
}
