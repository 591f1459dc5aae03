package qmap.bench;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * cv2.fillPoly(mask, [pts], 1) for one polygon with integer vertices (lineType LINE_8, shift 0),
 * pixel for pixel as OpenCV 4.11+/5.x draws it (the version behind ocr-bench's reference
 * figures): every edge is drawn as an 8-connected Bresenham line (LineIterator, left to right,
 * clipped to the mask), then the interior is scan-filled from an active edge list in 16.16 fixed
 * point, each span [ceil(x_left), floor(x_right)]. The ported structure (edge collection,
 * clipping, active list with its bubble sort) is kept so that clipped and degenerate polygons
 * behave as OpenCV's do.
 */
public final class PolygonFill {
    private static final int SHIFT = 16;
    private static final long ONE = 1L << SHIFT;

    /** An edge of the fill: rows [y0, y1), x in 16.16 at row y0, dx per row. */
    private static final class Edge {
        int y0;
        int y1;
        long x;
        long dx;
        Edge next;
    }

    private PolygonFill() {
    }

    /** Sets to 1 the pixels of mask (rows x cols, row-major) that cv2.fillPoly would set. */
    public static void fill(byte[] mask, int rows, int cols, int[] px, int[] py) {
        List<Edge> edges = new ArrayList<>();
        int n = px.length;
        long x0 = px[n - 1];
        long y0 = py[n - 1];
        for (int i = 0; i < n; i++) {
            long x1 = px[i];
            long y1 = py[i];
            line(mask, rows, cols, (int) x0, (int) y0, (int) x1, (int) y1);
            long[] t = {x0, y0, x1, y1};
            long c0y = y0;
            long c1y = y1;
            if (x0 < 0 || x0 >= cols || x1 < 0 || x1 >= cols || y0 < 0 || y0 >= rows || y1 < 0 || y1 >= rows) {
                clipLine(cols, rows, t);
                if (t[1] != t[3]) {
                    c0y = t[1];
                    c1y = t[3];
                }
            }
            long c0x = t[0] << SHIFT;
            long c1x = t[2] << SHIFT;
            if (y0 != y1) {
                Edge e = new Edge();
                e.dx = (c1x - c0x) / (c1y - c0y);
                if (y0 < y1) {
                    e.y0 = (int) y0;
                    e.y1 = (int) y1;
                    e.x = c0x + (y0 - c0y) * e.dx;
                } else {
                    e.y0 = (int) y1;
                    e.y1 = (int) y0;
                    e.x = c1x + (y1 - c1y) * e.dx;
                }
                edges.add(e);
            }
            x0 = x1;
            y0 = y1;
        }
        fillEdges(mask, rows, cols, edges);
    }

    /** OpenCV's FillEdgeCollection. */
    private static void fillEdges(byte[] mask, int rows, int cols, List<Edge> edges) {
        int total = edges.size();
        if (total < 2) {
            return;
        }
        int yMax = Integer.MIN_VALUE;
        int yMin = Integer.MAX_VALUE;
        long xMax = -1L;
        long xMin = Long.MAX_VALUE;
        for (Edge e : edges) {
            long xEnd = e.x + (long) (e.y1 - e.y0) * e.dx;
            yMin = Math.min(yMin, e.y0);
            yMax = Math.max(yMax, e.y1);
            xMin = Math.min(xMin, Math.min(e.x, xEnd));
            xMax = Math.max(xMax, Math.max(e.x, xEnd));
        }
        if (yMax < 0 || yMin >= rows || xMax < 0 || xMin >= ((long) cols << SHIFT)) {
            return;
        }
        edges.sort(Comparator.<Edge>comparingInt(e -> e.y0).thenComparingLong(e -> e.x).thenComparingLong(e -> e.dx));
        Edge end = new Edge();
        end.y0 = Integer.MAX_VALUE;
        edges.add(end);
        Edge head = new Edge();
        int i = 0;
        Edge e = edges.get(0);
        yMax = Math.min(yMax, rows);
        for (int y = e.y0; y < yMax; y++) {
            boolean draw = false;
            boolean clip = y < 0;
            Edge prelast = head;
            Edge last = head.next;
            while (last != null || e.y0 == y) {
                if (last != null && last.y1 == y) {
                    prelast.next = last.next;
                    last = last.next;
                    continue;
                }
                Edge keep = prelast;
                if (last != null && (e.y0 > y || last.x < e.x)) {
                    prelast = last;
                    last = last.next;
                } else if (i < total) {
                    prelast.next = e;
                    e.next = last;
                    prelast = e;
                    e = edges.get(++i);
                } else {
                    break;
                }
                if (draw) {
                    if (!clip) {
                        Edge left = keep.x > prelast.x ? prelast : keep;
                        Edge right = keep.x > prelast.x ? keep : prelast;
                        int xa = (int) ((left.x + ONE - 1) >> SHIFT);
                        int xb = (int) (right.x >> SHIFT);
                        if (xa < cols && xb >= 0) {
                            span(mask, y * cols, Math.max(xa, 0), Math.min(xb, cols - 1));
                        }
                    }
                    keep.x += keep.dx;
                    prelast.x += prelast.dx;
                }
                draw = !draw;
            }
            bubbleSort(head);
        }
    }

    /** The active list re-sorted by x after a row (OpenCV's bubble sort). */
    private static void bubbleSort(Edge head) {
        Edge keep = null;
        do {
            Edge prelast = head;
            Edge last = head.next;
            Edge lastExchange = null;
            while (last != keep && last.next != null) {
                Edge te = last.next;
                if (last.x > te.x) {
                    prelast.next = te;
                    last.next = te.next;
                    te.next = last;
                    prelast = te;
                    lastExchange = prelast;
                } else {
                    prelast = last;
                    last = te;
                }
            }
            if (lastExchange == null) {
                break;
            }
            keep = lastExchange;
        } while (keep != head.next && keep != head);
    }

    private static void span(byte[] mask, int row, int from, int to) {
        for (int x = from; x <= to; x++) {
            mask[row + x] = 1;
        }
    }

    /** OpenCV's Line with an 8-connected LineIterator (left to right), clipped to the mask. */
    static void line(byte[] mask, int rows, int cols, int ax, int ay, int bx, int by) {
        long[] t = {ax, ay, bx, by};
        if (ax < 0 || ax >= cols || bx < 0 || bx >= cols || ay < 0 || ay >= rows || by < 0 || by >= rows) {
            if (!clipLine(cols, rows, t)) {
                return;
            }
        }
        int x = (int) t[0];
        int y = (int) t[1];
        int dx = (int) (t[2] - t[0]);
        int dy = (int) (t[3] - t[1]);
        if (dx < 0) {
            dx = -dx;
            dy = -dy;
            x = (int) t[2];
            y = (int) t[3];
        }
        int stepY = 1;
        if (dy < 0) {
            dy = -dy;
            stepY = -1;
        }
        boolean vertical = dy > dx;
        int major = vertical ? dy : dx;
        int minor = vertical ? dx : dy;
        int err = major - 2 * minor;
        for (int k = 0; k <= major; k++) {
            mask[y * cols + x] = 1;
            boolean minorStep = err < 0;
            err += -2 * minor + (minorStep ? 2 * major : 0);
            if (vertical) {
                y += stepY;
                x += minorStep ? 1 : 0;
            } else {
                x += 1;
                y += minorStep ? stepY : 0;
            }
        }
    }

    /** OpenCV's clipLine on {x1, y1, x2, y2} against [0, width) x [0, height); true if some part is inside. */
    static boolean clipLine(long width, long height, long[] p) {
        long right = width - 1;
        long bottom = height - 1;
        int c1 = code(p[0], p[1], right, bottom);
        int c2 = code(p[2], p[3], right, bottom);
        if ((c1 & c2) == 0 && (c1 | c2) != 0) {
            if ((c1 & 12) != 0) {
                long a = c1 < 8 ? 0 : bottom;
                p[0] += (long) ((double) (a - p[1]) * (p[2] - p[0]) / (p[3] - p[1]));
                p[1] = a;
                c1 = (p[0] < 0 ? 1 : 0) + (p[0] > right ? 2 : 0);
            }
            if ((c2 & 12) != 0) {
                long a = c2 < 8 ? 0 : bottom;
                p[2] += (long) ((double) (a - p[3]) * (p[2] - p[0]) / (p[3] - p[1]));
                p[3] = a;
                c2 = (p[2] < 0 ? 1 : 0) + (p[2] > right ? 2 : 0);
            }
            if ((c1 & c2) == 0 && (c1 | c2) != 0) {
                if (c1 != 0) {
                    long a = c1 == 1 ? 0 : right;
                    p[1] += (long) ((double) (a - p[0]) * (p[3] - p[1]) / (p[2] - p[0]));
                    p[0] = a;
                    c1 = 0;
                }
                if (c2 != 0) {
                    long a = c2 == 1 ? 0 : right;
                    p[3] += (long) ((double) (a - p[2]) * (p[3] - p[1]) / (p[2] - p[0]));
                    p[2] = a;
                    c2 = 0;
                }
            }
        }
        return (c1 | c2) == 0;
    }

    private static int code(long x, long y, long right, long bottom) {
        return (x < 0 ? 1 : 0) + (x > right ? 2 : 0) + (y < 0 ? 4 : 0) + (y > bottom ? 8 : 0);
    }
}
