package qmap.exec;

import qmap.ir.Tensor;

/** How close a tensor is to a reference: cosine similarity and absolute differences, in double. */
public record Similarity(double cosine, double maxAbsDiff, double maxAbsReference, int count) {

    public static Similarity of(Tensor actual, Tensor reference) {
        int n = reference.size();
        if (actual.size() != n) {
            throw new IllegalArgumentException("sizes differ: " + actual.size() + " vs " + n);
        }
        double dot = 0;
        double na = 0;
        double nr = 0;
        double maxDiff = 0;
        double maxRef = 0;
        for (int i = 0; i < n; i++) {
            double a = actual.getDouble(i);
            double r = reference.getDouble(i);
            dot += a * r;
            na += a * a;
            nr += r * r;
            maxDiff = Math.max(maxDiff, Math.abs(a - r));
            maxRef = Math.max(maxRef, Math.abs(r));
        }
        double cos;
        if (na == 0 && nr == 0) {
            cos = 1;
        } else if (na == 0 || nr == 0) {
            cos = 0;
        } else {
            cos = dot / Math.sqrt(na * nr);
        }
        return new Similarity(cos, maxDiff, maxRef, n);
    }

    @Override
    public String toString() {
        return String.format("cosine %.7f, max abs diff %.3g (max |ref| %.3g, %d values)", cosine, maxAbsDiff,
                maxAbsReference, count);
    }
}
