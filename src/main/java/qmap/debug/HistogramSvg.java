package qmap.debug;

import java.util.Locale;
import qmap.calib.Histogram;

/**
 * An |x| histogram as inline SVG on a logarithmic |x| axis (so the bulk of the values and the rare
 * extremes that set a threshold both show), with the quantization grid drawn on it: the band that
 * rounds to code 0, the grid steps, the clipping threshold, and a fixed threshold when there is one.
 */
final class HistogramSvg {
    private static final int W = 640;
    private static final int H = 220;
    private static final int LEFT = 50;
    private static final int BOTTOM = 30;
    private static final int TOP = 12;
    private static final int BINS = 96;

    private HistogramSvg() {
    }

    static String of(DebugReport.TensorHistogram t) {
        Histogram h = t.histogram();
        double hi = Math.max(h.absMax(), Math.max(t.threshold(), t.fixedThreshold() == null ? 0 : t.fixedThreshold()))
                * 1.05;
        if (!(hi > 0)) {
            return "<p>(all values are zero)</p>";
        }
        // below one bin of the |x| histogram nothing is resolved: the first bar holds [0, bin width)
        double lo = Math.max(h.binWidth() / 2, Math.max(hi * 1e-5, Math.min(t.scale() / 8, h.percentile(0.001))));
        if (!(lo > 0) || lo >= hi) {
            lo = hi * 1e-5;
        }
        double[] counts = rebin(h, lo, hi);
        double max = 1;
        for (double c : counts) {
            max = Math.max(max, c);
        }
        StringBuilder s = new StringBuilder();
        int plotW = W - LEFT - 10;
        int plotH = H - BOTTOM - TOP;
        s.append(String.format(Locale.ROOT, "<svg xmlns='http://www.w3.org/2000/svg' width='%d' height='%d' "
                + "viewBox='0 0 %d %d' class='hist'>", W, H, W, H));
        double zeroBand = Math.min(hi, t.scale() / 2);
        s.append(rect(x(lo, lo, hi, plotW), TOP, x(zeroBand, lo, hi, plotW) - x(lo, lo, hi, plotW), plotH,
                "fill='#fde2e2'"));
        for (int i = 0; i < BINS; i++) {
            if (counts[i] <= 0) {
                continue;
            }
            double bh = plotH * Math.log1p(counts[i]) / Math.log1p(max);
            double x0 = LEFT + plotW * (double) i / BINS;
            s.append(rect(x0, TOP + plotH - bh, plotW / (double) BINS - 0.5, bh, "fill='#4a78b5'"));
        }
        grid(s, t.scale(), t.threshold(), lo, hi, plotW, plotH, "#888");
        line(s, t.threshold(), lo, hi, plotW, plotH, "#c0392b", String.format(Locale.ROOT, "clip %s", Causes.g(t.threshold())));
        if (t.fixedThreshold() != null) {
            double fs = t.fixedThreshold() / 127;
            grid(s, fs, t.fixedThreshold(), lo, hi, plotW, plotH, "#27ae60");
            line(s, t.fixedThreshold(), lo, hi, plotW, plotH, "#27ae60",
                    String.format(Locale.ROOT, "fix: clip %s", Causes.g(t.fixedThreshold())));
        }
        axis(s, lo, hi, plotW, plotH);
        s.append("</svg>");
        return s.toString();
    }

    /**
     * Counts per log-spaced bin (exact zeros left out): each bin of the |x| histogram is spread
     * uniformly over the log bins it overlaps; values below lo go to the first.
     */
    private static double[] rebin(Histogram h, double lo, double hi) {
        double[] out = new double[BINS];
        long[] bins = h.bins();
        double w = h.binWidth();
        double span = Math.log(hi / lo);
        for (int j = 0; j < bins.length; j++) {
            long c = j == 0 ? bins[0] - h.zeroCount() : bins[j];
            if (c <= 0) {
                continue;
            }
            double a = j * w;
            double b = Math.min((j + 1) * w, hi);
            if (b <= lo) {
                out[0] += c;
                continue;
            }
            double perUnit = c / (b - a);
            out[0] += Math.max(0, lo - a) * perUnit;
            double from = Math.max(a, lo);
            int k = (int) Math.min(BINS - 1, BINS * Math.log(from / lo) / span);
            while (from < b) {
                double edge = k == BINS - 1 ? b : Math.min(b, lo * Math.exp(span * (k + 1) / BINS));
                out[k] += Math.max(0, edge - from) * perUnit;
                from = Math.max(from, edge);
                k = Math.min(BINS - 1, k + 1);
            }
        }
        return out;
    }

    private static void grid(StringBuilder s, double scale, double threshold, double lo, double hi, int plotW,
                             int plotH, String color) {
        int steps = (int) Math.min(127, Math.floor(threshold / scale + 1e-9));
        for (int k = 1; k <= steps; k++) {
            double v = k * scale;
            if (v < lo || v > hi) {
                continue;
            }
            double x = x(v, lo, hi, plotW);
            s.append(String.format(Locale.ROOT, "<line x1='%.1f' y1='%d' x2='%.1f' y2='%d' stroke='%s' "
                    + "stroke-width='0.5' stroke-opacity='0.6'/>", x, TOP, x, TOP + plotH, color));
        }
    }

    private static void line(StringBuilder s, double v, double lo, double hi, int plotW, int plotH, String color,
                             String label) {
        double x = x(v, lo, hi, plotW);
        s.append(String.format(Locale.ROOT, "<line x1='%.1f' y1='%d' x2='%.1f' y2='%d' stroke='%s' stroke-width='2'/>",
                x, TOP, x, TOP + plotH, color));
        s.append(String.format(Locale.ROOT, "<text x='%.1f' y='%d' fill='%s' font-size='11' text-anchor='end'>%s</text>",
                x - 3, TOP + 12, color, label));
    }

    private static void axis(StringBuilder s, double lo, double hi, int plotW, int plotH) {
        int y = TOP + plotH;
        s.append(String.format(Locale.ROOT, "<line x1='%d' y1='%d' x2='%d' y2='%d' stroke='#333'/>", LEFT, y,
                LEFT + plotW, y));
        for (int e = (int) Math.floor(Math.log10(lo)); e <= Math.ceil(Math.log10(hi)); e++) {
            double v = Math.pow(10, e);
            if (v < lo || v > hi) {
                continue;
            }
            double x = x(v, lo, hi, plotW);
            s.append(String.format(Locale.ROOT, "<line x1='%.1f' y1='%d' x2='%.1f' y2='%d' stroke='#333'/>", x, y, x,
                    y + 4));
            s.append(String.format(Locale.ROOT, "<text x='%.1f' y='%d' font-size='11' text-anchor='middle'>%s</text>",
                    x, y + 16, Causes.g(v)));
        }
        s.append(String.format(Locale.ROOT, "<text x='%d' y='%d' font-size='11'>|x| (log scale); pink: rounds to code 0;"
                + " grey: grid steps</text>", LEFT, H - 2));
        s.append(String.format(Locale.ROOT, "<text x='12' y='%d' font-size='11' transform='rotate(-90 12 %d)'>"
                + "count (log)</text>", TOP + plotH / 2 + 30, TOP + plotH / 2 + 30));
    }

    private static double x(double v, double lo, double hi, int plotW) {
        double c = Math.max(lo, Math.min(hi, v));
        return LEFT + plotW * Math.log(c / lo) / Math.log(hi / lo);
    }

    private static String rect(double x, double y, double w, double h, String style) {
        return String.format(Locale.ROOT, "<rect x='%.1f' y='%.1f' width='%.1f' height='%.1f' %s/>", x, y, Math.max(0, w),
                Math.max(0, h), style);
    }
}
