package qmap.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import qmap.io.Json;

/** ocr-bench's ref/baseline_results.json: ONNX Runtime quantize_static figures by task, method and metric. */
public final class Baselines {
    /** The methods shown, in order, with their keys in the file. */
    public static final List<String[]> METHODS = List.of(
            new String[] {"ORT float", "float"}, new String[] {"MinMax", "minmax"},
            new String[] {"Percentile", "percentile"}, new String[] {"Entropy", "entropy"});

    private final Map<?, ?> root;

    private Baselines(Map<?, ?> root) {
        this.root = root;
    }

    public static Baselines read(Path file) {
        try {
            String text = new String(Files.readAllBytes(file), StandardCharsets.UTF_8);
            return new Baselines((Map<?, ?>) Json.parse(text, file.toString()));
        } catch (IOException e) {
            throw new UncheckedIOException(file + ": cannot read", e);
        }
    }

    /** The figure, or NaN when the file has none. */
    public double value(String task, String method, String key) {
        if (key == null || !(root.get(task) instanceof Map<?, ?> t) || !(t.get(method) instanceof Map<?, ?> m)
                || !(m.get(key) instanceof Number n)) {
            return Double.NaN;
        }
        return n.doubleValue();
    }
}
