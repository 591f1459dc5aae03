package qmap.target;

import java.util.Locale;

/** Families of ops that use the NPU's compute alike; each has an efficiency in the profile. */
public enum OpClass {
    CONV, DEPTHWISE_CONV, MATMUL, POOL, ELEMENTWISE, LUT, RESIZE, REDUCE, SOFTMAX, DATA_MOVEMENT, OTHER;

    /** The profile key, e.g. depthwise_conv. */
    public String key() {
        return name().toLowerCase(Locale.ROOT);
    }
}
