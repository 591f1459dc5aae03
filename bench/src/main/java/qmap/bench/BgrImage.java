package qmap.bench;

/**
 * An 8-bit colour image in OpenCV's layout: rows top to bottom, each pixel's bytes B, G, R (what
 * {@code cv2.imread} returns and PaddleOCR feeds its models).
 */
public record BgrImage(int height, int width, byte[] pixels) {
    public BgrImage {
        if (pixels.length != height * width * 3) {
            throw new IllegalArgumentException(height + "x" + width + "x3 image needs " + height * width * 3
                    + " bytes, got " + pixels.length);
        }
    }

    /** Channel c (0 = B, 1 = G, 2 = R) of pixel (y, x), 0..255. */
    public int at(int y, int x, int c) {
        return pixels[(y * width + x) * 3 + c] & 0xFF;
    }
}
