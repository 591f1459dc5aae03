package qmap.kernels;

/**
 * The right operand B (K x N) of a {@link PackedGemm} product, delivered a block of columns at
 * a time in the layout the micro-kernel reads: panels of {@link PackedGemm#NR} columns, each
 * panel K rows of NR consecutive values, columns past N zero.
 */
interface ColumnPanels {
    /** Packs columns {@code [col0, col0 + cols)} into {@code dst}, panel p at {@code p * K * NR}. */
    void pack(int col0, int cols, float[] dst);
}
