package qmap.bench;

import java.util.Arrays;

/**
 * The minimum-area enclosing rectangle of a set of integer points (cv2.minAreaRect): convex hull
 * (monotone chain, exact integer arithmetic), then the rectangle that has one side on a hull edge
 * with the smallest area (one such rectangle is always minimal; ties keep the first edge).
 */
public final class MinAreaRect {
    private MinAreaRect() {
    }

    /** Points (xs[i], ys[i]) for i < n, coordinates >= 0; a degenerate set gives a rectangle with a zero side. */
    public static RotatedRect of(int[] xs, int[] ys, int n) {
        int[][] hull = convexHull(xs, ys, n);
        int[] hx = hull[0];
        int[] hy = hull[1];
        int h = hx.length;
        if (h == 1) {
            return new RotatedRect(hx[0], hy[0], 1, 0, 0, 0);
        }
        RotatedRect best = null;
        double bestArea = Double.POSITIVE_INFINITY;
        int edges = h == 2 ? 1 : h;
        for (int i = 0; i < edges; i++) {
            int j = (i + 1) % h;
            double ex = hx[j] - hx[i];
            double ey = hy[j] - hy[i];
            double len = Math.hypot(ex, ey);
            RotatedRect r = aligned(hx, hy, ex / len, ey / len);
            double area = r.a() * r.b();
            if (area < bestArea) {
                bestArea = area;
                best = r;
            }
        }
        return best;
    }

    /** The bounding rectangle of the hull with sides along (ux, uy) and its perpendicular. */
    private static RotatedRect aligned(int[] hx, int[] hy, double ux, double uy) {
        double sMin = Double.POSITIVE_INFINITY;
        double sMax = Double.NEGATIVE_INFINITY;
        double tMin = Double.POSITIVE_INFINITY;
        double tMax = Double.NEGATIVE_INFINITY;
        for (int k = 0; k < hx.length; k++) {
            double s = hx[k] * ux + hy[k] * uy;
            double t = -hx[k] * uy + hy[k] * ux;
            sMin = Math.min(sMin, s);
            sMax = Math.max(sMax, s);
            tMin = Math.min(tMin, t);
            tMax = Math.max(tMax, t);
        }
        double sc = (sMin + sMax) / 2;
        double tc = (tMin + tMax) / 2;
        return new RotatedRect(sc * ux - tc * uy, sc * uy + tc * ux, ux, uy, sMax - sMin, tMax - tMin);
    }

    /** Convex hull vertices counter-clockwise (in x-right, y-up terms), no collinear points; {xs, ys}. */
    static int[][] convexHull(int[] xs, int[] ys, int n) {
        if (n == 0) {
            throw new IllegalArgumentException("no points");
        }
        long[] keys = new long[n];
        for (int i = 0; i < n; i++) {
            if (xs[i] < 0 || ys[i] < 0) {
                throw new IllegalArgumentException("negative coordinate (" + xs[i] + ", " + ys[i] + ")");
            }
            keys[i] = ((long) xs[i] << 32) | (ys[i] & 0xFFFFFFFFL);
        }
        Arrays.sort(keys);
        int m = 0;
        for (int i = 0; i < n; i++) {
            if (m == 0 || keys[i] != keys[m - 1]) {
                keys[m++] = keys[i];
            }
        }
        if (m == 1) {
            return new int[][] {{(int) (keys[0] >> 32)}, {(int) keys[0]}};
        }
        long[] hull = new long[2 * m];
        int k = 0;
        for (int i = 0; i < m; i++) {
            while (k >= 2 && cross(hull[k - 2], hull[k - 1], keys[i]) <= 0) {
                k--;
            }
            hull[k++] = keys[i];
        }
        for (int i = m - 2, lower = k + 1; i >= 0; i--) {
            while (k >= lower && cross(hull[k - 2], hull[k - 1], keys[i]) <= 0) {
                k--;
            }
            hull[k++] = keys[i];
        }
        int size = k - 1;
        int[] hx = new int[size];
        int[] hy = new int[size];
        for (int i = 0; i < size; i++) {
            hx[i] = (int) (hull[i] >> 32);
            hy[i] = (int) hull[i];
        }
        return new int[][] {hx, hy};
    }

    private static long cross(long o, long a, long b) {
        long ox = o >> 32;
        long oy = (int) o;
        return ((a >> 32) - ox) * ((long) (int) b - oy) - ((long) (int) a - oy) * ((b >> 32) - ox);
    }
}
