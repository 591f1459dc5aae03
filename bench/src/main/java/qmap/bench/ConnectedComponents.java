package qmap.bench;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * 8-connected components of a binary map, each reduced to the first and last pixel of each of
 * its rows (enough for the convex hull). Components come in the order cv2.findContours returns
 * their outer contours: by the raster position of their first pixel, last found first.
 */
public final class ConnectedComponents {
    /** A component: points (xs[i], ys[i]), i < n, two per row it covers (one if the row has one pixel). */
    public record Component(int[] xs, int[] ys, int n) {
    }

    private ConnectedComponents() {
    }

    public static List<Component> of(boolean[] map, int height, int width) {
        int[] label = new int[height * width];
        int[] stack = new int[height * width];
        int[] rowMin = new int[height];
        int[] rowMax = new int[height];
        Arrays.fill(rowMin, Integer.MAX_VALUE);
        Arrays.fill(rowMax, -1);
        List<Component> found = new ArrayList<>();
        int next = 0;
        for (int start = 0; start < map.length; start++) {
            if (!map[start] || label[start] != 0) {
                continue;
            }
            next++;
            int top = 0;
            stack[top++] = start;
            label[start] = next;
            int yMin = start / width;
            int yMax = yMin;
            while (top > 0) {
                int p = stack[--top];
                int y = p / width;
                int x = p - y * width;
                rowMin[y] = Math.min(rowMin[y], x);
                rowMax[y] = Math.max(rowMax[y], x);
                yMax = Math.max(yMax, y);
                for (int dy = -1; dy <= 1; dy++) {
                    int yy = y + dy;
                    if (yy < 0 || yy >= height) {
                        continue;
                    }
                    for (int dx = -1; dx <= 1; dx++) {
                        int xx = x + dx;
                        int q = yy * width + xx;
                        if (xx >= 0 && xx < width && map[q] && label[q] == 0) {
                            label[q] = next;
                            stack[top++] = q;
                        }
                    }
                }
            }
            found.add(collect(rowMin, rowMax, yMin, yMax));
        }
        List<Component> out = new ArrayList<>(found.size());
        for (int i = found.size() - 1; i >= 0; i--) {
            out.add(found.get(i));
        }
        return out;
    }

    /** The row extremes of rows [yMin, yMax]; resets them for the next component. */
    private static Component collect(int[] rowMin, int[] rowMax, int yMin, int yMax) {
        int[] xs = new int[2 * (yMax - yMin + 1)];
        int[] ys = new int[xs.length];
        int n = 0;
        for (int y = yMin; y <= yMax; y++) {
            if (rowMax[y] < 0) {
                continue;
            }
            xs[n] = rowMin[y];
            ys[n++] = y;
            if (rowMax[y] != rowMin[y]) {
                xs[n] = rowMax[y];
                ys[n++] = y;
            }
            rowMin[y] = Integer.MAX_VALUE;
            rowMax[y] = -1;
        }
        return new Component(xs, ys, n);
    }
}
