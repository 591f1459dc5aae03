package qmap.bench;

import qmap.ir.Tensor;

/**
 * The float NCHW input the user's original PaddleOCR model expects, computed as PaddleOCR (and
 * ocr-bench's ref/eval.py) computes it, in float32 arithmetic: text lines are normalized to
 * [-1, 1] and padded on the right with exact 0; pages are normalized per channel with the
 * ImageNet mean/std applied to channels B, G, R in stored order.
 */
public final class PaddleInput {
    /** DB detector normalization, by channel index of the BGR image (PaddleOCR's NormalizeImage quirk). */
    static final float[] DET_MEAN = {0.485f, 0.456f, 0.406f};
    static final float[] DET_STD = {0.229f, 0.224f, 0.225f};

    private PaddleInput() {
    }

    /** cls/rec: 1x3xHxW, image in columns [0, w), zeros after. The image must already have height H and width <= W. */
    public static Tensor textLine(BgrImage img, int height, int width) {
        int rw = resizedWidth(img, height, width);
        if (img.height() != height || rw != img.width()) {
            throw new IllegalArgumentException("image " + img.height() + "x" + img.width() + " needs a resize to "
                    + height + "x" + rw + "; this bench expects text lines stored at height " + height
                    + " and width <= " + width + " (PaddleOCR's resize is then the identity)");
        }
        float[] v = new float[3 * height * width];
        for (int c = 0; c < 3; c++) {
            for (int y = 0; y < height; y++) {
                int row = (c * height + y) * width;
                for (int x = 0; x < rw; x++) {
                    v[row + x] = ((float) img.at(y, x, c) / 255f - 0.5f) / 0.5f;
                }
            }
        }
        return Tensor.ofFloats(new int[] {1, 3, height, width}, v);
    }

    /** det: 1x3xHxW of {@code (x / 255 - mean[c]) / std[c]}. The page must already be HxW. */
    public static Tensor page(BgrImage img, int height, int width) {
        if (img.height() != height || img.width() != width) {
            throw new IllegalArgumentException("page " + img.height() + "x" + img.width() + " needs a resize to "
                    + height + "x" + width + "; this bench expects pages stored at the model size");
        }
        float[] v = new float[3 * height * width];
        for (int c = 0; c < 3; c++) {
            for (int y = 0; y < height; y++) {
                int row = (c * height + y) * width;
                for (int x = 0; x < width; x++) {
                    v[row + x] = ((float) img.at(y, x, c) / 255f - DET_MEAN[c]) / DET_STD[c];
                }
            }
        }
        return Tensor.ofFloats(new int[] {1, 3, height, width}, v);
    }

    /** PaddleOCR's resize_norm_img width: ceil(H * w / h), at most W. */
    static int resizedWidth(BgrImage img, int height, int width) {
        double ratio = img.width() / (double) img.height();
        double rw = Math.ceil(height * ratio);
        return rw > width ? width : (int) rw;
    }
}
