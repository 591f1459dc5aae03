package qmap.target;

import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Every fact a profile rule may name, by name. */
final class FactCatalog {
    private static final Map<String, Fact> FACTS = build();

    private FactCatalog() {
    }

    private static Map<String, Fact> build() {
        Map<String, Fact> m = new TreeMap<>();
        for (List<Fact> family : List.of(ShapeFacts.ALL, WindowFacts.ALL, OperandFacts.ALL, AttributeFacts.ALL,
                ResizeFacts.ALL)) {
            for (Fact f : family) {
                if (m.put(f.name(), f) != null) {
                    throw new IllegalStateException("fact defined twice: " + f.name());
                }
            }
        }
        return Collections.unmodifiableMap(m);
    }

    static Fact find(String name) {
        return FACTS.get(name);
    }

    static Fact require(String name) {
        Fact f = FACTS.get(name);
        if (f == null) {
            throw new IllegalArgumentException("unknown fact '" + name + "'");
        }
        return f;
    }

    static java.util.Set<String> names() {
        return FACTS.keySet();
    }
}
