package qmap.bench;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class GeometryTest {
    private static Polygon poly(double... xy) {
        double[] x = new double[xy.length / 2];
        double[] y = new double[xy.length / 2];
        for (int i = 0; i < x.length; i++) {
            x[i] = xy[2 * i];
            y[i] = xy[2 * i + 1];
        }
        return new Polygon(x, y);
    }

    @Test
    void minAreaRectOfAxisAlignedPixelsIsExact() {
        List<int[]> px = new ArrayList<>();
        for (int y = 5; y <= 7; y++) {
            for (int x = 10; x <= 19; x++) {
                px.add(new int[] {x, y});
            }
        }
        RotatedRect r = rectOf(px);
        assertEquals(2.0, r.minSide(), 1e-9);
        assertEquals(18.0, r.a() * r.b(), 1e-9);
        Polygon box = r.miniBox();
        assertArrayEquals(new double[] {10, 19, 19, 10}, box.x(), 1e-9);
        assertArrayEquals(new double[] {5, 5, 7, 7}, box.y(), 1e-9);
    }

    @Test
    void minAreaRectOfRotatedRectanglePixelsRecoversTheRectangle() {
        double angle = Math.toRadians(30);
        double c = Math.cos(angle);
        double s = Math.sin(angle);
        List<int[]> px = new ArrayList<>();
        for (int y = 0; y < 100; y++) {
            for (int x = 0; x < 100; x++) {
                double u = (x - 50) * c + (y - 50) * s;
                double v = -(x - 50) * s + (y - 50) * c;
                if (Math.abs(u) <= 20 && Math.abs(v) <= 5) {
                    px.add(new int[] {x, y});
                }
            }
        }
        RotatedRect r = rectOf(px);
        double longSide = Math.max(r.a(), r.b());
        double shortSide = Math.min(r.a(), r.b());
        assertEquals(40, longSide, 1.5);
        assertEquals(10, shortSide, 1.5);
        assertEquals(50, r.cx(), 0.5);
        assertEquals(50, r.cy(), 0.5);
        double ux = r.a() >= r.b() ? r.ux() : -r.uy();
        double uy = r.a() >= r.b() ? r.uy() : r.ux();
        double deg = Math.toDegrees(Math.atan2(uy, ux));
        deg = ((deg % 180) + 180) % 180;
        assertEquals(30, deg, 2.0);
        for (int[] p : px) {
            double su = (p[0] - r.cx()) * r.ux() + (p[1] - r.cy()) * r.uy();
            double sv = -(p[0] - r.cx()) * r.uy() + (p[1] - r.cy()) * r.ux();
            assertTrue(Math.abs(su) <= r.a() / 2 + 1e-9 && Math.abs(sv) <= r.b() / 2 + 1e-9,
                    "pixel " + p[0] + "," + p[1] + " outside the rectangle");
        }
    }

    @Test
    void miniBoxOrderIsTopLeftTopRightBottomRightBottomLeft() {
        Polygon scrambled = poly(15, 15, 5, 10, 20, 5, 10, 0);
        Polygon box = RotatedRect.orderLikeMiniBox(scrambled);
        assertArrayEquals(new double[] {10, 20, 15, 5}, box.x(), 0);
        assertArrayEquals(new double[] {0, 5, 15, 10}, box.y(), 0);
        // of the two left-most corners the upper one is p1, of the two right-most the upper one is p2
        Polygon other = RotatedRect.orderLikeMiniBox(poly(0, 5, 10, 15, 12, 3, 2, -7));
        assertArrayEquals(new double[] {2, 12, 10, 0}, other.x(), 0);
        assertArrayEquals(new double[] {-7, 3, 15, 5}, other.y(), 0);
    }

    @Test
    void iouOfKnownSquares() {
        Polygon a = poly(0, 0, 2, 0, 2, 2, 0, 2);
        Polygon b = poly(1, 1, 3, 1, 3, 3, 1, 3);
        assertEquals(1.0 / 7.0, PolygonIou.of(a, b), 1e-12);
        assertEquals(1.0 / 7.0, PolygonIou.of(b, a), 1e-12);
        // orientation does not matter
        assertEquals(1.0 / 7.0, PolygonIou.of(poly(0, 0, 0, 2, 2, 2, 2, 0), b), 1e-12);
        assertEquals(1.0, PolygonIou.of(a, a), 1e-12);
        assertEquals(0.0, PolygonIou.of(a, poly(5, 5, 6, 5, 6, 6, 5, 6)), 0);
        assertEquals(0.25, PolygonIou.of(a, poly(0, 0, 1, 0, 1, 1, 0, 1)), 1e-12);
        // a square and the same square turned 45 degrees about its centre
        double h = Math.sqrt(2);
        Polygon diamond = poly(1 - h, 1, 1, 1 - h, 1 + h, 1, 1, 1 + h);
        double inter = 4 - 4 * Math.pow(h - 1, 2);
        assertEquals(inter / (8 - inter), PolygonIou.of(a, diamond), 1e-12);
    }

    @Test
    void matchingIsGreedyInGroundTruthThenDetectionOrder() {
        Polygon g1 = poly(0, 0, 10, 0, 10, 10, 0, 10);
        Polygon g2 = poly(20, 0, 30, 0, 30, 10, 20, 10);
        Polygon d1 = poly(0, 0, 10, 0, 10, 9, 0, 9);
        Polygon d2 = poly(0, 0, 10, 0, 10, 10, 0, 10);
        Polygon far = poly(50, 50, 60, 50, 60, 60, 50, 60);
        double[] ious = DetMetric.match(List.of(g1, g2), List.of(d1, d2, far));
        assertArrayEquals(new double[] {0.9}, ious, 1e-12);
    }

    private static RotatedRect rectOf(List<int[]> px) {
        int[] xs = new int[px.size()];
        int[] ys = new int[px.size()];
        for (int i = 0; i < xs.length; i++) {
            xs[i] = px.get(i)[0];
            ys[i] = px.get(i)[1];
        }
        return MinAreaRect.of(xs, ys, xs.length);
    }
}
