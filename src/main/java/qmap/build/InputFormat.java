package qmap.build;

/**
 * One model input as the config describes it: the runtime format the deployed model receives
 * and the training format the float model and the calibration files use, plus normalization.
 * Types: rgb, bgr, gray, yuv444, featuremap; layouts NCHW / NHWC; {@code shape} is the training
 * shape (training layout).
 */
public record InputFormat(String name, String typeTrain, String layoutTrain, String typeRt, String layoutRt,
                          int[] shape, String normType, float[] mean, float[] scale) {
    public boolean isImage() {
        return !typeTrain.equals("featuremap");
    }

    public boolean subtractsMean() {
        return normType.equals("data_mean") || normType.equals("data_mean_and_scale");
    }

    public boolean scales() {
        return normType.equals("data_scale") || normType.equals("data_mean_and_scale");
    }

    /** The runtime shape: the training shape in the runtime layout. */
    public int[] runtimeShape() {
        if (shape.length != 4 || layoutTrain.equals(layoutRt)) {
            return shape.clone();
        }
        return layoutTrain.equals("NCHW") ? new int[] {shape[0], shape[2], shape[3], shape[1]}
                : new int[] {shape[0], shape[3], shape[1], shape[2]};
    }
}
