package qmap.debug;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import qmap.exec.Similarity;
import qmap.ir.Tensor;

/**
 * Figures of a model's outputs over samples: the mean per-sample cosine to the float outputs (as
 * the build reports it), and for the outputs asked for, the spread: the standard deviation of each
 * element across samples, averaged over the elements (a constant output has spread 0).
 */
public final class OutputAccumulator {
    private final Set<String> spreadOf;
    private final Map<String, double[]> cosine = new LinkedHashMap<>();
    private final Map<String, double[]> sum = new LinkedHashMap<>();
    private final Map<String, double[]> sumSquares = new LinkedHashMap<>();
    private int samples;

    /** @param spreadOf the outputs whose spread is tracked (memory: two doubles per element each) */
    public OutputAccumulator(Set<String> spreadOf) {
        this.spreadOf = spreadOf;
    }

    /** Adds one sample: the outputs under test and, when not null, the float reference for the cosine. */
    public void add(Map<String, Tensor> outputs, Map<String, Tensor> reference) {
        samples++;
        for (Map.Entry<String, Tensor> e : outputs.entrySet()) {
            String name = e.getKey();
            if (reference != null) {
                double c = Similarity.of(e.getValue(), reference.get(name)).cosine();
                cosine.computeIfAbsent(name, k -> new double[1])[0] += c;
            }
            if (spreadOf.contains(name)) {
                float[] v = e.getValue().toFloats();
                double[] s = sum.computeIfAbsent(name, k -> new double[v.length]);
                double[] q = sumSquares.computeIfAbsent(name, k -> new double[v.length]);
                for (int i = 0; i < v.length; i++) {
                    s[i] += v[i];
                    q[i] += (double) v[i] * v[i];
                }
            }
        }
    }

    public int samples() {
        return samples;
    }

    /** Mean cosine per output, in output order. */
    public Map<String, Double> cosine() {
        Map<String, Double> out = new LinkedHashMap<>();
        cosine.forEach((k, v) -> out.put(k, v[0] / samples));
        return out;
    }

    /** Spread per tracked output (0 with fewer than two samples). */
    public Map<String, Double> spread() {
        Map<String, Double> out = new LinkedHashMap<>();
        sum.forEach((k, s) -> out.put(k, spread(s, sumSquares.get(k), samples)));
        return out;
    }

    static double spread(double[] sum, double[] sumSquares, int n) {
        if (n < 2 || sum.length == 0) {
            return 0;
        }
        double total = 0;
        for (int i = 0; i < sum.length; i++) {
            double m = sum[i] / n;
            total += Math.sqrt(Math.max(0, sumSquares[i] / n - m * m));
        }
        return total / sum.length;
    }

    /** The worst (lowest) mean output cosine. */
    public double worstCosine() {
        double w = 1;
        for (double c : cosine().values()) {
            w = Math.min(w, c);
        }
        return w;
    }
}
