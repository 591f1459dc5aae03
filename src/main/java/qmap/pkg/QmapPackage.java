package qmap.pkg;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The deployable package: named parts (the quantized model, the placement plan, the target
 * profile, ...) plus the manifest fields. Parts are kept in insertion order, which is the order
 * they are written in.
 */
public record QmapPackage(Map<String, Object> manifest, Map<String, byte[]> parts) {
    public static final int FORMAT_VERSION = 1;
    public static final String MODEL_PART = "model.onnx";

    public QmapPackage {
        manifest = Collections.unmodifiableMap(new LinkedHashMap<>(manifest));
        parts = Collections.unmodifiableMap(new LinkedHashMap<>(parts));
    }

    public byte[] part(String name) {
        return parts.get(name);
    }
}
