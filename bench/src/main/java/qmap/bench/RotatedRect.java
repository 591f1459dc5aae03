package qmap.bench;

import java.util.Arrays;

/**
 * A rectangle with centre (cx, cy), side {@code a} along the unit vector (ux, uy) and side
 * {@code b} along the perpendicular (-uy, ux).
 */
public record RotatedRect(double cx, double cy, double ux, double uy, double a, double b) {
    public double minSide() {
        return Math.min(a, b);
    }

    /** The same centre and angle, each side longer by 2d (the min-area rectangle of the rectangle offset by d). */
    public RotatedRect expanded(double d) {
        return new RotatedRect(cx, cy, ux, uy, a + 2 * d, b + 2 * d);
    }

    /** The four corners, going around the rectangle. */
    public Polygon corners() {
        double ha = a / 2;
        double hb = b / 2;
        double[] sa = {-1, 1, 1, -1};
        double[] sb = {-1, -1, 1, 1};
        double[] x = new double[4];
        double[] y = new double[4];
        for (int i = 0; i < 4; i++) {
            x[i] = cx + sa[i] * ha * ux - sb[i] * hb * uy;
            y[i] = cy + sa[i] * ha * uy + sb[i] * hb * ux;
        }
        return new Polygon(x, y);
    }

    /**
     * The corners in PaddleOCR's get_mini_boxes order: sort by x (stable); of the two left-most the
     * one with the smaller y is p1 and the other p4; of the two right-most the smaller y is p2,
     * the other p3. Returns [p1, p2, p3, p4] (clockwise from top-left in image coordinates).
     */
    public Polygon miniBox() {
        return orderLikeMiniBox(corners());
    }

    static Polygon orderLikeMiniBox(Polygon c) {
        Integer[] idx = {0, 1, 2, 3};
        Arrays.sort(idx, (i, j) -> Double.compare(c.x()[i], c.x()[j]));
        int p1;
        int p4;
        if (c.y()[idx[1]] > c.y()[idx[0]]) {
            p1 = idx[0];
            p4 = idx[1];
        } else {
            p1 = idx[1];
            p4 = idx[0];
        }
        int p2;
        int p3;
        if (c.y()[idx[3]] > c.y()[idx[2]]) {
            p2 = idx[2];
            p3 = idx[3];
        } else {
            p2 = idx[3];
            p3 = idx[2];
        }
        int[] order = {p1, p2, p3, p4};
        double[] x = new double[4];
        double[] y = new double[4];
        for (int k = 0; k < 4; k++) {
            x[k] = c.x()[order[k]];
            y[k] = c.y()[order[k]];
        }
        return new Polygon(x, y);
    }
}
