package qmap.debug;

/**
 * An output collapses when its spread across samples (the standard deviation of each element
 * across samples, averaged over elements) falls below {@link #RATIO} of the float model's: it no
 * longer follows the inputs, whatever its cosine.
 */
public record Collapse(String output, double floatSpread, double quantSpread) {
    public static final double RATIO = 0.1;

    public double ratio() {
        return ratio(quantSpread, floatSpread);
    }

    public boolean collapsed() {
        return isCollapsed(quantSpread, floatSpread);
    }

    static double ratio(double spread, double floatSpread) {
        return floatSpread > 0 ? spread / floatSpread : 1;
    }

    /** A float output that does not vary cannot collapse. */
    public static boolean isCollapsed(double spread, double floatSpread) {
        return floatSpread > 0 && spread < RATIO * floatSpread;
    }
}
