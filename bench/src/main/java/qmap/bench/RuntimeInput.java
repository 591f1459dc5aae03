package qmap.bench;

import java.util.Arrays;
import qmap.ir.DType;
import qmap.ir.Tensor;

/**
 * The input of a model qmap built (input_type_rt bgr, input_layout_rt NHWC): raw uint8 BGR
 * pixels, 1xHxWx3, normalization folded into the model. An image narrower than W is padded on
 * the right with 128, as the calibration data is (PaddleOCR pads with 0 after normalization,
 * i.e. 127.5 before, which uint8 cannot hold).
 */
public final class RuntimeInput {
    public static final int PAD = 128;

    private RuntimeInput() {
    }

    /** 1xHxWx3 uint8; the image must have height H and width <= W (no resize here). */
    public static Tensor of(BgrImage img, int height, int width) {
        if (img.height() != height || img.width() > width) {
            throw new IllegalArgumentException("image " + img.height() + "x" + img.width()
                    + " does not fit the model input " + height + "x" + width + " without a resize");
        }
        long[] v = new long[height * width * 3];
        Arrays.fill(v, PAD);
        byte[] px = img.pixels();
        for (int y = 0; y < height; y++) {
            int src = y * img.width() * 3;
            int dst = y * width * 3;
            for (int i = 0; i < img.width() * 3; i++) {
                v[dst + i] = px[src + i] & 0xFF;
            }
        }
        return Tensor.of(DType.UINT8, new int[] {1, height, width, 3}, v);
    }
}
