package qmap.exec;

import qmap.ir.DType;
import qmap.ir.Tensor;

/** How close a tensor is to a reference: cosine similarity and absolute differences, in double. */
public record Similarity(double cosine, double maxAbsDiff, double maxAbsReference, int count) {

    public static Similarity of(Tensor actual, Tensor reference) {
        int n = reference.size();
        if (actual.size() != n) {
            throw new IllegalArgumentException("sizes differ: " + actual.size() + " vs " + n);
        }
        Sums sums = new Sums();
        if (actual.dtype() == DType.FLOAT && reference.dtype() == DType.FLOAT) {
            // straight from the arrays (the per-element accessor was a tenth of a det build)
            float[] av = actual.floats();
            float[] rv = reference.floats();
            for (int i = 0; i < n; i++) {
                sums.add(av[i], rv[i]);
            }
        } else {
            for (int i = 0; i < n; i++) {
                sums.add(actual.getDouble(i), reference.getDouble(i));
            }
        }
        double dot = sums.dot;
        double na = sums.na;
        double nr = sums.nr;
        double cos;
        if (na == 0 && nr == 0) {
            cos = 1;
        } else if (na == 0 || nr == 0) {
            cos = 0;
        } else {
            cos = dot / Math.sqrt(na * nr);
        }
        return new Similarity(cos, sums.maxDiff, sums.maxRef, n);
    }

    /** The running sums, element by element in order. */
    private static final class Sums {
        double dot;
        double na;
        double nr;
        double maxDiff;
        double maxRef;

        void add(double a, double r) {
            dot += a * r;
            na += a * a;
            nr += r * r;
            maxDiff = Math.max(maxDiff, Math.abs(a - r));
            maxRef = Math.max(maxRef, Math.abs(r));
        }
    }

    @Override
    public String toString() {
        return String.format("cosine %.7f, max abs diff %.3g (max |ref| %.3g, %d values)", cosine, maxAbsDiff,
                maxAbsReference, count);
    }
}
