package qmap.kernels;

import java.util.concurrent.ForkJoinPool;

/**
 * Splits {@code rows} rows of {@code length} elements into parallel tasks of about
 * {@link FastArithmetic#GRAIN} elements: whole rows when rows are short, pieces of a row when
 * long. Each element is computed by itself, so the split never changes a value.
 */
final class Rows {
    /** The work on elements {@code [from, to)} of one row. */
    @FunctionalInterface
    interface Span {
        void run(int row, int from, int to);
    }

    private Rows() {
    }

    static void forEach(ForkJoinPool pool, int rows, int length, Span span) {
        int grain = FastArithmetic.GRAIN;
        if (length >= grain) {
            int pieces = (length + grain - 1) / grain;
            int piece = (length + pieces - 1) / pieces;
            Parallel.forEach(pool, rows * pieces, t -> {
                int from = (t % pieces) * piece;
                span.run(t / pieces, from, Math.min(length, from + piece));
            });
        } else {
            int perTask = Math.max(1, grain / Math.max(1, length));
            Parallel.forEach(pool, (rows + perTask - 1) / perTask, t -> {
                for (int r = t * perTask; r < Math.min(rows, (t + 1) * perTask); r++) {
                    span.run(r, 0, length);
                }
            });
        }
    }
}
