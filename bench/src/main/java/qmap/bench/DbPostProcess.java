package qmap.bench;

import java.util.ArrayList;
import java.util.List;

/**
 * PaddleOCR's DBPostProcess (box_type quad, score_mode fast) and TextDetector.filter_tag_det_res,
 * as ocr-bench's README §4 defines them: components of pred > thresh, their min-area rectangles,
 * box score, unclip to the rectangle grown by d = area * ratio / perimeter on each side, mapping
 * to the image, clipping and small-box filtering.
 */
public final class DbPostProcess {
    private final double thresh;
    private final double boxThresh;
    private final double unclipRatio;
    private final int minSize;
    private final int maxCandidates;

    public DbPostProcess(double thresh, double boxThresh, double unclipRatio, int minSize, int maxCandidates) {
        this.thresh = thresh;
        this.boxThresh = boxThresh;
        this.unclipRatio = unclipRatio;
        this.minSize = minSize;
        this.maxCandidates = maxCandidates;
    }

    /** PaddleOCR's defaults for PP-OCR det: 0.3, 0.6, 1.5, 3, 1000. */
    public static DbPostProcess paddleDefaults() {
        return new DbPostProcess(0.3, 0.6, 1.5, 3, 1000);
    }

    /** Boxes (4 integer corners, p1..p4 clockwise from top-left) in image coordinates of a destH x destW image. */
    public List<Polygon> boxes(float[] pred, int height, int width, int destH, int destW) {
        if (pred.length != height * width) {
            throw new IllegalArgumentException("det output has " + pred.length + " values, expected "
                    + height + "x" + width);
        }
        boolean[] bitmap = new boolean[pred.length];
        for (int i = 0; i < pred.length; i++) {
            bitmap[i] = pred[i] > thresh;
        }
        List<ConnectedComponents.Component> comps = ConnectedComponents.of(bitmap, height, width);
        List<Polygon> out = new ArrayList<>();
        for (int k = 0; k < Math.min(comps.size(), maxCandidates); k++) {
            ConnectedComponents.Component c = comps.get(k);
            RotatedRect rect = MinAreaRect.of(c.xs(), c.ys(), c.n());
            if (rect.minSide() < minSize) {
                continue;
            }
            if (BoxScore.fast(pred, height, width, rect.miniBox()) < boxThresh) {
                continue;
            }
            double d = rect.a() * rect.b() * unclipRatio / (2 * (rect.a() + rect.b()));
            RotatedRect grown = rect.expanded(d);
            if (grown.minSide() < minSize + 2) {
                continue;
            }
            Polygon box = toImage(grown.miniBox(), height, width, destH, destW);
            if (box != null) {
                out.add(box);
            }
        }
        return out;
    }

    /**
     * Scales to the image and rounds (half to even, in float32 as numpy does), clips to
     * [0, W] x [0, H], then filter_tag_det_res: clip to [0, W-1] x [0, H-1] and drop boxes with a
     * side (|p1 p2| or |p1 p4|, truncated) of 3 pixels or less. Null when dropped.
     */
    static Polygon toImage(Polygon box, int height, int width, int destH, int destW) {
        double[] x = new double[4];
        double[] y = new double[4];
        for (int i = 0; i < 4; i++) {
            float sx = (float) box.x()[i] / width * destW;
            float sy = (float) box.y()[i] / height * destH;
            x[i] = Math.min(Math.max(Math.rint(sx), 0), destW - 1);
            y[i] = Math.min(Math.max(Math.rint(sy), 0), destH - 1);
        }
        Polygon p = new Polygon(x, y);
        if ((int) (float) p.distance(0, 1) <= 3 || (int) (float) p.distance(0, 3) <= 3) {
            return null;
        }
        return p;
    }
}
