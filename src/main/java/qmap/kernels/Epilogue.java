package qmap.kernels;

/**
 * Work a kernel applies to each finished span of its output while the span is still in cache
 * (a fused elementwise chain after a convolution).
 */
@FunctionalInterface
public interface Epilogue {
    /** Transforms {@code y[offset, offset + length)}, all of output channel {@code channel}, in place. */
    void apply(float[] y, int offset, int length, int channel);
}
