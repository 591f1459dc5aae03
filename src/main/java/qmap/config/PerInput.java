package qmap.config;

import java.util.List;
import java.util.Optional;

/** An optional per-input key: absent, or one item per input (an empty item means "default"). */
final class PerInput {
    private final YamlMap group;
    private final String key;
    private final Value value;
    private final List<String> items;

    private PerInput(YamlMap group, String key, Value value, List<String> items) {
        this.group = group;
        this.key = key;
        this.value = value;
        this.items = items;
    }

    static PerInput of(YamlMap g, String key, int inputCount, ReadContext ctx) {
        Optional<Value> v = g.get(key);
        if (v.isEmpty()) {
            ctx.defaulted(g.qualified(key));
            return new PerInput(g, key, null, List.of());
        }
        return new PerInput(g, key, v.get(), v.get().perInput(inputCount));
    }

    /** The item of input {@code i}, empty when the key is absent or the item is blank. */
    Optional<String> item(int i) {
        return items.isEmpty() || items.get(i).isEmpty() ? Optional.empty() : Optional.of(items.get(i));
    }

    /** The key's value, for parsing and error messages; only valid when some item is present. */
    Value value() {
        return value;
    }

    /** An error at the key's value, or at the group when the key is absent (its default does not fit). */
    ConfigException error(String problem) {
        return value != null ? value.error(problem)
                : new ConfigException(group.where(), group.qualified(key), problem);
    }
}
