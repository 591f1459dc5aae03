package qmap.bench;

import java.util.LinkedHashMap;

/**
 * Text direction classifier: prediction = argmax of the two outputs (first maximum; class 0 =
 * "0", 1 = "180", PaddleOCR's cls_thresh is not used), metric = top-1 accuracy.
 */
public final class ClsMetric implements TaskMetric {
    static final String[] LABELS = {"0", "180"};
    private final String[] predicted;
    private final boolean[] correct;

    public ClsMetric(int samples) {
        predicted = new String[samples];
        correct = new boolean[samples];
    }

    @Override
    public void add(int index, float[] output, String label) {
        if (output.length != LABELS.length) {
            throw new IllegalArgumentException("cls output has " + output.length + " values, expected 2");
        }
        predicted[index] = LABELS[argmax(output, 0, output.length)];
        correct[index] = predicted[index].equals(label);
    }

    /** Index of the first maximum of v[from, from + n), relative to from. */
    static int argmax(float[] v, int from, int n) {
        int best = 0;
        for (int i = 1; i < n; i++) {
            if (v[from + i] > v[from + best]) {
                best = i;
            }
        }
        return best;
    }

    @Override
    public LinkedHashMap<String, Double> result() {
        LinkedHashMap<String, Double> m = new LinkedHashMap<>();
        m.put("top-1", (double) right() / correct.length);
        return m;
    }

    @Override
    public String counts() {
        return right() + "/" + correct.length;
    }

    @Override
    public String prediction(int index) {
        return predicted[index];
    }

    private int right() {
        int n = 0;
        for (boolean b : correct) {
            n += b ? 1 : 0;
        }
        return n;
    }
}
