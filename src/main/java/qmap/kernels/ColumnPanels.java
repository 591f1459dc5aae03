package qmap.kernels;

/**
 * The right operand B (K x N) of a {@link PackedGemm} product, delivered a block at a time in
 * the layout the micro-kernel reads: panels of {@link PackedGemm#NR} columns, each panel the
 * block's rows of NR consecutive values, columns past the block zero.
 */
interface ColumnPanels {
    /**
     * Packs rows {@code [row0, row0 + rows)} x columns {@code [col0, col0 + cols)} into
     * {@code dst}, panel p at {@code p * rows * NR}.
     */
    void pack(int row0, int rows, int col0, int cols, float[] dst);
}
