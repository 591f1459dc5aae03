package qmap.config;

import java.util.EnumSet;
import java.util.Set;

/** The data format of a model input (`input_type_train`, `input_type_rt`). */
public enum InputType {
    RGB("rgb", 3),
    BGR("bgr", 3),
    GRAY("gray", 1),
    YUV444("yuv444", 3),
    NV12("nv12", 3),
    FEATUREMAP("featuremap", 0);

    private final String yamlName;
    private final int channels;

    InputType(String yamlName, int channels) {
        this.yamlName = yamlName;
        this.channels = channels;
    }

    /** Image types carry one uint8 per value at runtime; featuremap is float32. */
    public boolean isImage() {
        return this != FEATUREMAP;
    }

    /** Colour channels of an image type; 0 for featuremap (any count). */
    public int channels() {
        return channels;
    }

    /** nv12 exists only at runtime: a model is never trained on it. */
    public boolean isTrainingType() {
        return this != NV12;
    }

    /** The runtime types that can feed an input trained on this type (TARGETS.md §3). */
    public Set<InputType> runtimeSources() {
        return switch (this) {
            case RGB, BGR -> EnumSet.of(NV12, YUV444, RGB, BGR);
            case YUV444 -> EnumSet.of(NV12, YUV444);
            case GRAY -> EnumSet.of(GRAY);
            case FEATUREMAP -> EnumSet.of(FEATUREMAP);
            case NV12 -> EnumSet.noneOf(InputType.class);
        };
    }

    /** The spelling used in the config file. */
    @Override
    public String toString() {
        return yamlName;
    }
}
