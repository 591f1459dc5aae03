package qmap.ops;

import java.util.Locale;

/**
 * Resize's coordinate_transformation_mode: where output index x along one axis samples the
 * input. The arithmetic is float32 in the order ONNX Runtime uses, so that nearest-pixel ties
 * fall the same way; align_corners and pytorch_half_pixel use the integer output length, as
 * the ONNX spec and ONNX Runtime do (the ONNX reference implementation differs there).
 */
enum CoordinateTransformation {
    HALF_PIXEL,
    HALF_PIXEL_SYMMETRIC,
    PYTORCH_HALF_PIXEL,
    ALIGN_CORNERS,
    ASYMMETRIC,
    TF_HALF_PIXEL_FOR_NN,
    TF_CROP_AND_RESIZE;

    static CoordinateTransformation of(String name) {
        try {
            return valueOf(name.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("unknown coordinate_transformation_mode '" + name + "'");
        }
    }

    /**
     * The input coordinate for output index {@code x}; {@code roiStart}/{@code roiEnd} matter
     * only for tf_crop_and_resize.
     */
    float source(int x, float scale, int outLength, int inLength, float roiStart, float roiEnd) {
        float xf = x;
        float out = outLength;
        float in = inLength;
        return switch (this) {
            case HALF_PIXEL -> (xf + 0.5f) / scale - 0.5f;
            case HALF_PIXEL_SYMMETRIC -> {
                float adjustment = out / (scale * in);
                float offset = in / 2 * (1 - adjustment);
                yield (float) (offset + (xf + 0.5) / scale - 0.5);
            }
            case PYTORCH_HALF_PIXEL -> outLength > 1 ? (xf + 0.5f) / scale - 0.5f : 0f;
            case ALIGN_CORNERS -> outLength == 1 ? 0f : xf * (in - 1) / (out - 1);
            case ASYMMETRIC -> xf / scale;
            case TF_HALF_PIXEL_FOR_NN -> (xf + 0.5f) / scale;
            case TF_CROP_AND_RESIZE -> outLength > 1
                    ? roiStart * (in - 1) + xf * (roiEnd - roiStart) * (in - 1) / (out - 1)
                    : (float) (0.5 * (roiStart + roiEnd) * (in - 1));
        };
    }
}
