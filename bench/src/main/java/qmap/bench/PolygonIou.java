package qmap.bench;

import java.util.ArrayList;
import java.util.List;

/** Intersection over union of two convex polygons (Sutherland-Hodgman clipping, shoelace areas). */
public final class PolygonIou {
    private PolygonIou() {
    }

    public static double of(Polygon p, Polygon q) {
        double inter = intersection(p, q).area();
        double union = p.area() + q.area() - inter;
        return union <= 0 ? 0 : inter / union;
    }

    /** The intersection of two convex polygons (fewer than 3 vertices when empty). */
    static Polygon intersection(Polygon subject, Polygon clip) {
        List<double[]> out = new ArrayList<>();
        Polygon s = counterClockwise(subject);
        for (int i = 0; i < s.size(); i++) {
            out.add(new double[] {s.x()[i], s.y()[i]});
        }
        Polygon c = counterClockwise(clip);
        for (int i = 0; i < c.size() && !out.isEmpty(); i++) {
            double ax = c.x()[i];
            double ay = c.y()[i];
            double bx = c.x()[(i + 1) % c.size()];
            double by = c.y()[(i + 1) % c.size()];
            List<double[]> in = out;
            out = new ArrayList<>();
            for (int j = 0; j < in.size(); j++) {
                double[] p = in.get(j);
                double[] q = in.get((j + 1) % in.size());
                double sp = (bx - ax) * (p[1] - ay) - (by - ay) * (p[0] - ax);
                double sq = (bx - ax) * (q[1] - ay) - (by - ay) * (q[0] - ax);
                if (sp >= 0) {
                    out.add(p);
                }
                if ((sp >= 0) != (sq >= 0)) {
                    double t = sp / (sp - sq);
                    out.add(new double[] {p[0] + t * (q[0] - p[0]), p[1] + t * (q[1] - p[1])});
                }
            }
        }
        if (out.size() < 3) {
            return new Polygon(new double[0], new double[0]);
        }
        double[] x = new double[out.size()];
        double[] y = new double[out.size()];
        for (int i = 0; i < x.length; i++) {
            x[i] = out.get(i)[0];
            y[i] = out.get(i)[1];
        }
        return new Polygon(x, y);
    }

    /** The polygon with positive signed area (vertices reversed if needed). */
    private static Polygon counterClockwise(Polygon p) {
        double s = 0;
        int n = p.size();
        for (int i = 0; i < n; i++) {
            int j = (i + 1) % n;
            s += p.x()[i] * p.y()[j] - p.y()[i] * p.x()[j];
        }
        if (s > 0) {
            return p;
        }
        double[] x = new double[n];
        double[] y = new double[n];
        for (int i = 0; i < n; i++) {
            x[i] = p.x()[n - 1 - i];
            y[i] = p.y()[n - 1 - i];
        }
        return new Polygon(x, y);
    }
}
