package qmap.bench;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import qmap.io.Json;

/**
 * PaddleOCR's DetMetric / DetectionIoUEvaluator without don't-care regions: per image, each
 * ground-truth box in label order is matched to the first unmatched detection (output order)
 * with IoU > 0.5; precision = matched / detections, recall = matched / ground truth, hmean their
 * harmonic mean, over the whole set. Outputs are turned into boxes by {@link DbPostProcess}.
 */
public final class DetMetric implements TaskMetric {
    private final DbPostProcess post;
    private final int height;
    private final int width;
    private final int[] gts;
    private final int[] dets;
    private final double[][] matchedIous;
    private final String[] predicted;

    /** height x width: the probability map's size (the model input's). */
    public DetMetric(DbPostProcess post, int height, int width, int samples) {
        this.post = post;
        this.height = height;
        this.width = width;
        gts = new int[samples];
        dets = new int[samples];
        matchedIous = new double[samples][];
        predicted = new String[samples];
    }

    /** Scores one page whose image is the model input size (the README's data; no resize). */
    @Override
    public void add(int index, float[] output, String label) {
        List<Polygon> boxes = post.boxes(output, height, width, height, width);
        List<Polygon> truth = parseLabel(label);
        gts[index] = truth.size();
        dets[index] = boxes.size();
        matchedIous[index] = match(truth, boxes);
        List<String> s = new ArrayList<>();
        boxes.forEach(b -> s.add(b.toIntJson()));
        predicted[index] = "[" + String.join(", ", s) + "]";
    }

    /** IoUs of the matched pairs, greedy in ground-truth then detection order, IoU > 0.5. */
    public static double[] match(List<Polygon> truth, List<Polygon> detections) {
        boolean[] gtUsed = new boolean[truth.size()];
        boolean[] dtUsed = new boolean[detections.size()];
        List<Double> ious = new ArrayList<>();
        for (int i = 0; i < truth.size(); i++) {
            for (int j = 0; j < detections.size(); j++) {
                if (!gtUsed[i] && !dtUsed[j]) {
                    double v = PolygonIou.of(truth.get(i), detections.get(j));
                    if (v > 0.5) {
                        gtUsed[i] = true;
                        dtUsed[j] = true;
                        ious.add(v);
                    }
                }
            }
        }
        return ious.stream().mapToDouble(Double::doubleValue).toArray();
    }

    /** PaddleOCR det label: JSON list of {"transcription": ..., "points": [[x, y], ...]}. */
    static List<Polygon> parseLabel(String label) {
        List<Polygon> out = new ArrayList<>();
        for (Object o : (List<?>) Json.parse(label, "det label")) {
            List<?> pts = (List<?>) ((Map<?, ?>) o).get("points");
            double[] x = new double[pts.size()];
            double[] y = new double[pts.size()];
            for (int i = 0; i < pts.size(); i++) {
                List<?> p = (List<?>) pts.get(i);
                x[i] = ((Number) p.get(0)).doubleValue();
                y[i] = ((Number) p.get(1)).doubleValue();
            }
            out.add(new Polygon(x, y));
        }
        return out;
    }

    @Override
    public LinkedHashMap<String, Double> result() {
        int g = 0;
        int d = 0;
        int m = 0;
        double iouSum = 0;
        for (int i = 0; i < gts.length; i++) {
            g += gts[i];
            d += dets[i];
            m += matchedIous[i].length;
            for (double v : matchedIous[i]) {
                iouSum += v;
            }
        }
        double p = d == 0 ? 0 : (double) m / d;
        double r = g == 0 ? 0 : (double) m / g;
        LinkedHashMap<String, Double> out = new LinkedHashMap<>();
        out.put("hmean", p + r > 0 ? 2 * p * r / (p + r) : 0);
        out.put("precision", p);
        out.put("recall", r);
        out.put("mean IoU matched", m == 0 ? 0 : iouSum / m);
        return out;
    }

    @Override
    public String counts() {
        int g = 0;
        int d = 0;
        int m = 0;
        for (int i = 0; i < gts.length; i++) {
            g += gts[i];
            d += dets[i];
            m += matchedIous[i].length;
        }
        return "P " + m + "/" + d + ", R " + m + "/" + g;
    }

    @Override
    public String prediction(int index) {
        return predicted[index];
    }
}
