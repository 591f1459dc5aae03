package qmap.bench;

/** A polygon in image coordinates (x = column, y = row), vertices in order. */
public record Polygon(double[] x, double[] y) {
    public Polygon {
        if (x.length != y.length) {
            throw new IllegalArgumentException(x.length + " x values but " + y.length + " y values");
        }
    }

    public int size() {
        return x.length;
    }

    /** Absolute area (shoelace). */
    public double area() {
        double s = 0;
        int n = x.length;
        for (int i = 0; i < n; i++) {
            int j = (i + 1) % n;
            s += x[i] * y[j] - y[i] * x[j];
        }
        return Math.abs(s) / 2;
    }

    /** Distance between vertices i and j. */
    public double distance(int i, int j) {
        return Math.hypot(x[i] - x[j], y[i] - y[j]);
    }

    /** The vertices as [[x, y], ...] with integer coordinates (for dumps, like eval.py's). */
    public String toIntJson() {
        StringBuilder sb = new StringBuilder("[");
        for (int i = 0; i < x.length; i++) {
            sb.append(i == 0 ? "" : ", ").append('[').append((long) x[i]).append(", ").append((long) y[i]).append(']');
        }
        return sb.append(']').toString();
    }
}
