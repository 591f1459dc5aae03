package qmap.bench;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Expected figures come from ocr-bench's ref/eval.py (OpenCV) and OpenCV.js 5.0.0 on the same inputs. */
class DbPostProcessTest {
    @Test
    void fillPolyMatchesOpenCv() {
        // cv2.fillPoly(zeros(7, 9), [[1,1],[7,2],[6,5],[0,4]], 1) with OpenCV 5.0.0
        assertMask(new String[] {"000000000", "011110000", "011111110", "111111110", "111111100", "000011100",
            "000000000"}, 7, 9, new int[] {1, 7, 6, 0}, new int[] {1, 2, 5, 4});
        // corners outside the mask (the clipped-edge path)
        assertMask(new String[] {"01111111", "11111111", "11111111", "11111111", "11111111", "01111111"},
                6, 8, new int[] {-3, 9, 10, 2}, new int[] {1, -2, 4, 7});
    }

    private static void assertMask(String[] rows, int h, int w, int[] px, int[] py) {
        byte[] m = new byte[h * w];
        PolygonFill.fill(m, h, w, px, py);
        String[] got = new String[h];
        for (int r = 0; r < h; r++) {
            StringBuilder sb = new StringBuilder();
            for (int c = 0; c < w; c++) {
                sb.append(m[r * w + c]);
            }
            got[r] = sb.toString();
        }
        assertArrayEquals(rows, got);
    }

    @Test
    void componentsComeInFindContoursOrder() {
        int h = 40;
        int w = 40;
        boolean[] map = new boolean[h * w];
        block(map, w, 2, 5, 30, 35);
        block(map, w, 3, 6, 2, 8);
        block(map, w, 20, 25, 10, 20);
        block(map, w, 20, 22, 25, 30);
        block(map, w, 35, 38, 0, 3);
        List<ConnectedComponents.Component> cs = ConnectedComponents.of(map, h, w);
        // cv2.findContours(RETR_LIST) gives outer contours starting at (0,35), (25,20), (10,20), (2,3), (30,2)
        int[][] first = {{0, 35}, {25, 20}, {10, 20}, {2, 3}, {30, 2}};
        assertEquals(first.length, cs.size());
        for (int i = 0; i < first.length; i++) {
            assertEquals(first[i][0], cs.get(i).xs()[0]);
            assertEquals(first[i][1], cs.get(i).ys()[0]);
        }
    }

    private static void block(boolean[] map, int w, int y0, int y1, int x0, int x1) {
        for (int y = y0; y < y1; y++) {
            for (int x = x0; x < x1; x++) {
                map[y * w + x] = true;
            }
        }
    }

    /** A rotated text line, an axis-aligned one, a speck (too small) and a weak region (score < 0.6). */
    private static float[] synthetic(int h, int w) {
        float[] pred = new float[h * w];
        double t = Math.toRadians(10.0);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                double u = (x - 70) * Math.cos(t) + (y - 50) * Math.sin(t);
                double v = -(x - 70) * Math.sin(t) + (y - 50) * Math.cos(t);
                float p = Math.abs(u) <= 40 && Math.abs(v) <= 8 ? 0.8f : 0f;
                p = y >= 95 && y < 105 && x >= 20 && x < 60 ? 0.9f : p;
                p = y >= 100 && y < 102 && x >= 100 && x < 102 ? 0.9f : p;
                p = y >= 90 && y < 110 && x >= 110 && x < 150 ? 0.4f : p;
                pred[y * w + x] = p;
            }
        }
        return pred;
    }

    @Test
    void boxesMatchReferenceEvaluator() {
        float[] pred = synthetic(120, 160);
        DbPostProcess post = DbPostProcess.paddleDefaults();
        // ref/eval.py db_postprocess on the same map
        assertBoxes(new int[][] {{15, 90, 64, 90, 64, 109, 15, 109}, {24, 24, 122, 41, 116, 76, 18, 59}},
                post.boxes(pred, 120, 160, 120, 160));
        assertBoxes(new int[][] {{29, 179, 129, 179, 129, 219, 29, 219}, {48, 47, 245, 82, 232, 153, 35, 118}},
                post.boxes(pred, 120, 160, 240, 320));
    }

    private static void assertBoxes(int[][] expected, List<Polygon> boxes) {
        assertEquals(expected.length, boxes.size());
        for (int i = 0; i < expected.length; i++) {
            for (int k = 0; k < 4; k++) {
                assertEquals(expected[i][2 * k], boxes.get(i).x()[k], 0, "box " + i + " corner " + k + " x");
                assertEquals(expected[i][2 * k + 1], boxes.get(i).y()[k], 0, "box " + i + " corner " + k + " y");
            }
        }
    }
}
