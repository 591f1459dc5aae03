package qmap.config;

import java.util.Arrays;

/**
 * One model input as the config describes it (input_parameters, one item of each {@code ;}-list).
 *
 * @param name          the graph input name; "" when the config omits input_name (single-input model:
 *                      the build stage takes the model's only input, see {@link #withName})
 * @param shape         training-format shape; empty when the config omits input_shape (taken from
 *                      the model, see {@link #withShape})
 * @param batch         input_batch (default 1)
 * @param typeRt        input_type_rt (default: the training type)
 * @param layoutRt      input_layout_rt (default: the training layout; NHWC for nv12)
 * @param mean          mean_value: empty, one value, or one per channel (empty unless normType uses it)
 * @param scale         scale_value: empty, one value, or one per channel (empty unless normType uses it)
 */
public record InputSpec(String name, InputType typeTrain, Layout layoutTrain, int[] shape, int batch,
        InputType typeRt, Layout layoutRt, SpaceAndRange spaceAndRange, NormType normType,
        float[] mean, float[] scale) {

    public InputSpec {
        shape = shape.clone();
        mean = mean.clone();
        scale = scale.clone();
    }

    @Override
    public int[] shape() {
        return shape.clone();
    }

    @Override
    public float[] mean() {
        return mean.clone();
    }

    @Override
    public float[] scale() {
        return scale.clone();
    }

    public boolean hasName() {
        return !name.isEmpty();
    }

    public boolean hasShape() {
        return shape.length > 0;
    }

    /** The channel count from the shape and training layout, or -1 if unknown (no shape, or not 4-D). */
    public int channels() {
        if (shape.length != 4) {
            return -1;
        }
        return layoutTrain == Layout.NCHW ? shape[1] : shape[3];
    }

    /** The mean of channel {@code c} (the single value when one is given for all); 0 if unused. */
    public float mean(int c) {
        return mean.length == 0 ? 0f : mean[mean.length == 1 ? 0 : c];
    }

    /** The scale of channel {@code c} (the single value when one is given for all); 1 if unused. */
    public float scale(int c) {
        return scale.length == 0 ? 1f : scale[scale.length == 1 ? 0 : c];
    }

    /** This input with the name read from the model (for a config without input_name). */
    public InputSpec withName(String modelInputName) {
        return new InputSpec(modelInputName, typeTrain, layoutTrain, shape, batch, typeRt, layoutRt,
                spaceAndRange, normType, mean, scale);
    }

    /** This input with the shape read from the model (for a config without input_shape). */
    public InputSpec withShape(int[] modelShape) {
        return new InputSpec(name, typeTrain, layoutTrain, modelShape, batch, typeRt, layoutRt,
                spaceAndRange, normType, mean, scale);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof InputSpec s && name.equals(s.name) && typeTrain == s.typeTrain
                && layoutTrain == s.layoutTrain && Arrays.equals(shape, s.shape) && batch == s.batch
                && typeRt == s.typeRt && layoutRt == s.layoutRt && spaceAndRange == s.spaceAndRange
                && normType == s.normType && Arrays.equals(mean, s.mean) && Arrays.equals(scale, s.scale);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * name.hashCode() + Arrays.hashCode(shape)) + Arrays.hashCode(mean);
    }

    @Override
    public String toString() {
        return "InputSpec[" + name + " " + typeTrain + " " + layoutTrain + " " + ConfigListing.shape(shape) + "]";
    }
}
