package qmap.quant.integer;

import qmap.ir.DType;

/**
 * A function of one 8-bit value as a table of its 256 results: what a chain of integer nodes
 * computes from one tensor and constants, evaluated once for every value the tensor can hold
 * ({@link IntegerFusion}), then applied with one look-up per element.
 *
 * @param in the type of the values looked up
 * @param out the type of the results
 * @param values the result for each value v at {@code v - in.minValue()}
 */
record ValueTable(DType in, DType out, long[] values) {
    long apply(long v) {
        return values[(int) (v - in.minValue())];
    }
}
