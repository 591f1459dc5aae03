package qmap.bench;

/**
 * DBPostProcess.box_score_fast: the mean probability inside a box, over the box's bounding window
 * clipped to the map, the box drawn with cv2.fillPoly after shifting its float32 corners to the
 * window and truncating them to int.
 */
public final class BoxScore {
    private BoxScore() {
    }

    public static double fast(float[] pred, int height, int width, Polygon box) {
        int n = box.size();
        float[] bx = new float[n];
        float[] by = new float[n];
        float minX = Float.POSITIVE_INFINITY;
        float maxX = Float.NEGATIVE_INFINITY;
        float minY = Float.POSITIVE_INFINITY;
        float maxY = Float.NEGATIVE_INFINITY;
        for (int i = 0; i < n; i++) {
            bx[i] = (float) box.x()[i];
            by[i] = (float) box.y()[i];
            minX = Math.min(minX, bx[i]);
            maxX = Math.max(maxX, bx[i]);
            minY = Math.min(minY, by[i]);
            maxY = Math.max(maxY, by[i]);
        }
        int xmin = clip((int) Math.floor(minX), 0, width - 1);
        int xmax = clip((int) Math.ceil(maxX), 0, width - 1);
        int ymin = clip((int) Math.floor(minY), 0, height - 1);
        int ymax = clip((int) Math.ceil(maxY), 0, height - 1);
        int rows = ymax - ymin + 1;
        int cols = xmax - xmin + 1;
        int[] px = new int[n];
        int[] py = new int[n];
        for (int i = 0; i < n; i++) {
            px[i] = (int) (bx[i] - xmin);
            py[i] = (int) (by[i] - ymin);
        }
        byte[] mask = new byte[rows * cols];
        PolygonFill.fill(mask, rows, cols, px, py);
        double sum = 0;
        int count = 0;
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < cols; c++) {
                if (mask[r * cols + c] != 0) {
                    sum += pred[(ymin + r) * width + xmin + c];
                    count++;
                }
            }
        }
        return count == 0 ? 0 : sum / count;
    }

    private static int clip(int v, int lo, int hi) {
        return Math.max(lo, Math.min(hi, v));
    }
}
