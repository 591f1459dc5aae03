package qmap.kernels;

/**
 * Work a kernel applies to each finished span of its output while the span is still in cache
 * (a fused elementwise chain after a convolution).
 */
@FunctionalInterface
public interface Epilogue {
    /** Transforms {@code y[offset, offset + length)}, all of output channel {@code channel}, in place. */
    void apply(float[] y, int offset, int length, int channel);

    /**
     * Whether the epilogue only reads the span and writes its results elsewhere (the integer
     * runtime's requantization into 8-bit codes): the kernel may then compute the span in a
     * scratch array of its own, never writing its float output to memory, and say where the span
     * is in the output through {@link #apply(float[], int, int, int, int)}.
     */
    default boolean readsOnly() {
        return false;
    }

    /**
     * The span {@code sums[offset, offset + length)} of output channel {@code channel}, which is
     * {@code [at, at + length)} of the whole output.
     */
    default void apply(float[] sums, int offset, int length, int channel, int at) {
        apply(sums, offset, length, channel);
    }
}
