package qmap.kernels;

/**
 * Work on each span of 8-bit codes as soon as a kernel has written them, while they are in
 * cache (the integer runtime's residual sums after a convolution or a look-up pass).
 */
@FunctionalInterface
public interface CodeSpans {
    /** Transforms {@code codes[at, at + length)} in place. */
    void apply(byte[] codes, int at, int length);
}
