package qmap.bench;

import java.util.LinkedHashMap;

/**
 * PaddleOCR's RecMetric with ignore_space: spaces removed from prediction and label, then exact
 * match and char accuracy = 1 - edit distance / max length (code points; 1 when both are empty),
 * each averaged over the samples. Outputs are decoded by greedy CTC first.
 */
public final class RecMetric implements TaskMetric {
    private final CtcDecoder decoder;
    private final String[] predicted;
    private final double[] exact;
    private final double[] charAccuracy;

    public RecMetric(CtcDecoder decoder, int samples) {
        this.decoder = decoder;
        predicted = new String[samples];
        exact = new double[samples];
        charAccuracy = new double[samples];
    }

    @Override
    public void add(int index, float[] output, String label) {
        predicted[index] = decoder.decode(output);
        double[] s = scores(predicted[index], label);
        exact[index] = s[0];
        charAccuracy[index] = s[1];
    }

    /** {exact match, char accuracy} of one prediction. */
    public static double[] scores(String prediction, String label) {
        String p = prediction.replace(" ", "");
        String g = label.replace(" ", "");
        int m = Math.max(p.codePointCount(0, p.length()), g.codePointCount(0, g.length()));
        double acc = m == 0 ? 1.0 : 1.0 - (double) Levenshtein.distance(p, g) / m;
        return new double[] {p.equals(g) ? 1.0 : 0.0, acc};
    }

    @Override
    public LinkedHashMap<String, Double> result() {
        LinkedHashMap<String, Double> m = new LinkedHashMap<>();
        m.put("exact match", mean(exact));
        m.put("char accuracy", mean(charAccuracy));
        return m;
    }

    @Override
    public String counts() {
        int n = 0;
        for (double e : exact) {
            n += (int) e;
        }
        return n + "/" + exact.length + " exact";
    }

    @Override
    public String prediction(int index) {
        return predicted[index];
    }

    private static double mean(double[] v) {
        double s = 0;
        for (double x : v) {
            s += x;
        }
        return s / v.length;
    }
}
