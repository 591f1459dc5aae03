package qmap.config;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.ScalarNode;

/**
 * One YAML mapping of the config (the file's groups, a group's keys, a node_info entry), with
 * qualified key names for messages. Duplicate keys are an error naming both lines.
 */
final class YamlMap {
    private final String path;
    private final Location where;
    private final Map<String, Value> entries = new LinkedHashMap<>();

    private YamlMap(String path, Location where) {
        this.path = path;
        this.where = where;
    }

    static YamlMap root(Node node, String file) {
        Location start = Location.of(file, node.getStartMark());
        if (!(node instanceof MappingNode m)) {
            throw ConfigException.aboutFile(start.toString(),
                    "expected a mapping of groups (model_parameters: ...), found " + Value.describe(node), null);
        }
        return of(m, "", start, file);
    }

    static YamlMap of(MappingNode node, String path, Location where, String file) {
        YamlMap map = new YamlMap(path, where);
        for (NodeTuple t : node.getValue()) {
            Location keyWhere = Location.of(file, t.getKeyNode().getStartMark());
            if (!(t.getKeyNode() instanceof ScalarNode k)) {
                throw new ConfigException(keyWhere, path.isEmpty() ? "(top level)" : path,
                        "expected a key name, found " + Value.describe(t.getKeyNode()));
            }
            String key = k.getValue().trim();
            String qualified = map.qualified(key);
            Value previous = map.entries.get(key);
            if (previous != null) {
                throw new ConfigException(keyWhere, qualified, "duplicate key, defined on line "
                        + previous.keyWhere().line() + " and again on line " + keyWhere.line());
            }
            map.entries.put(key, new Value(qualified, t.getValueNode(), keyWhere, file));
        }
        return map;
    }

    String qualified(String key) {
        return path.isEmpty() ? key : path + "." + key;
    }

    /** Where this mapping's own key is (the group name's line), for "missing key" errors. */
    Location where() {
        return where;
    }

    Collection<String> keys() {
        return entries.keySet();
    }

    /** Rejects any key not in {@code known}, naming the closest known key. */
    void allowOnly(Collection<String> known, String what) {
        for (Value v : entries.values()) {
            String key = v.lastKeyPart();
            if (!known.contains(key)) {
                String hint = ClosestName.among(key, known).map(s -> "did you mean '" + s + "'?")
                        .orElse("expected one of " + String.join(", ", known));
                throw new ConfigException(v.keyWhere(), v.key(), "unknown " + what + "; " + hint);
            }
        }
    }

    /** The value of {@code key} if it is present and not empty ({@code key:}, {@code ~}, {@code ''}). */
    Optional<Value> get(String key) {
        Value v = entries.get(key);
        return v == null || v.isEmpty() ? Optional.empty() : Optional.of(v);
    }

    /** The value of {@code key} even if empty, e.g. a group written as {@code model_parameters:}. */
    Optional<Value> getRaw(String key) {
        return Optional.ofNullable(entries.get(key));
    }

    Value require(String key) {
        Value v = entries.get(key);
        if (v == null) {
            throw new ConfigException(where, qualified(key), "required key is missing");
        }
        if (v.isEmpty()) {
            throw v.error("expected a value, found an empty one");
        }
        return v;
    }

    Collection<Value> values() {
        return entries.values();
    }

    /** The entries by their own key (which may contain dots, e.g. a tensor name), in file order. */
    Map<String, Value> byKey() {
        return java.util.Collections.unmodifiableMap(entries);
    }
}
