package qmap.config;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code qmap_parameters}: qmap's own optional group.
 *
 * @param threads          worker threads (default: available processors); results do not depend on it
 * @param targetCosine     output cosine `qmap debug` aims for, in (0, 1] (default 0.99)
 * @param evalSamples      calibration samples used to measure cosines; 0 = all (default 0)
 * @param seed             seed of every random choice, e.g. skip calibration's data (default 0)
 * @param tensorOverrides  per-tensor calibration requests by tensor name, in file order (default none)
 * @param biasCorrection   correct NPU Conv/Gemm biases for the quantized model's mean error (default true)
 */
public record QmapParameters(int threads, double targetCosine, int evalSamples, long seed,
        Map<String, TensorOverride> tensorOverrides, boolean biasCorrection) {

    public static final double DEFAULT_TARGET_COSINE = 0.99;

    public QmapParameters {
        tensorOverrides = Collections.unmodifiableMap(new LinkedHashMap<>(tensorOverrides));
    }

    public static QmapParameters defaults() {
        return new QmapParameters(Runtime.getRuntime().availableProcessors(), DEFAULT_TARGET_COSINE, 0, 0L,
                Map.of(), true);
    }
}
