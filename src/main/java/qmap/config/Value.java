package qmap.config;

import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.SequenceNode;
import org.snakeyaml.engine.v2.nodes.Tag;

/**
 * The value of one config key with its place in the file. Scalars are read from their text whatever
 * YAML type they resolved to, so {@code 1.0} and {@code '1.0'}, {@code False} and {@code 'False'} mean
 * the same. Errors name the file, line, key and the expected versus found value.
 */
final class Value {
    private static final Pattern NUMBER = Pattern.compile("[-+]?(\\d+(\\.\\d*)?|\\.\\d+)([eE][-+]?\\d+)?");
    private static final Pattern INTEGER = Pattern.compile("[-+]?\\d{1,18}");

    private final String key;
    private final Node node;
    private final Location keyWhere;
    private final String file;

    Value(String key, Node node, Location keyWhere, String file) {
        this.key = key;
        this.node = node;
        this.keyWhere = keyWhere;
        this.file = file;
    }

    String key() {
        return key;
    }

    String lastKeyPart() {
        return key.substring(key.lastIndexOf('.') + 1);
    }

    Location keyWhere() {
        return keyWhere;
    }

    /** The value's own place, or its key's when the value is empty. */
    Location where() {
        return isEmpty() ? keyWhere : Location.of(file, node.getStartMark());
    }

    ConfigException error(String problem) {
        return new ConfigException(where(), key, problem);
    }

    boolean isEmpty() {
        return node instanceof ScalarNode s && (Tag.NULL.equals(s.getTag()) || s.getValue().isBlank());
    }

    /** The trimmed text of a scalar value. */
    String text() {
        if (!(node instanceof ScalarNode s)) {
            throw error("expected a single value, found " + describe(node));
        }
        return s.getValue().trim();
    }

    boolean bool() {
        String t = text();
        return switch (t) {
            case "true", "True", "TRUE" -> true;
            case "false", "False", "FALSE" -> false;
            default -> throw error("expected True or False, found '" + t + "'");
        };
    }

    long integer(long min, long max) {
        return integer(text(), min, max, "");
    }

    /** Parses one integer of this value; {@code context} (e.g. " for input 'x'") goes into the message. */
    long integer(String text, long min, long max, String context) {
        if (!INTEGER.matcher(text).matches()) {
            throw error("expected an integer" + context + ", found '" + text + "'");
        }
        long v = Long.parseLong(text);
        if (v < min || v > max) {
            throw error("expected an integer in [" + min + ", " + (max == Long.MAX_VALUE ? "inf" : max) + "]"
                    + context + ", found " + text);
        }
        return v;
    }

    double number() {
        return number(text(), "");
    }

    /** Parses one number of this value; {@code context} (e.g. " for input 'x'") goes into the message. */
    double number(String text, String context) {
        if (!NUMBER.matcher(text).matches()) {
            throw error("expected a number" + context + ", found '" + text + "'");
        }
        return Double.parseDouble(text);
    }

    /** Picks the constant whose {@code toString()} (its YAML spelling) equals {@code text}, ignoring case. */
    <E extends Enum<E>> E choice(String text, Class<E> type, String context) {
        Map<String, E> table = new LinkedHashMap<>();
        for (E e : type.getEnumConstants()) {
            table.put(e.toString(), e);
        }
        return lookup(text, table, context);
    }

    /** The entry of {@code table} named {@code text} (ignoring case); the error lists the names. */
    <T> T lookup(String text, Map<String, T> table, String context) {
        for (Map.Entry<String, T> e : table.entrySet()) {
            if (e.getKey().equalsIgnoreCase(text)) {
                return e.getValue();
            }
        }
        throw error("expected one of " + String.join(", ", table.keySet()) + context + ", found '" + text + "'"
                + ClosestName.hint(text, table.keySet()));
    }

    <E extends Enum<E>> E choice(Class<E> type) {
        return choice(text(), type, "");
    }

    /** A path relative to {@code base} (the config file's folder), made absolute and normalized. */
    Path path(String text, Path base, String context) {
        try {
            return base.resolve(text).toAbsolutePath().normalize();
        } catch (InvalidPathException e) {
            throw error("expected a path" + context + ", found '" + text + "' (" + e.getReason() + ")");
        }
    }

    /**
     * The items of a multi-value key: a {@code ;}-separated string (items trimmed) or a YAML sequence
     * of scalars.
     */
    List<String> items() {
        if (node instanceof SequenceNode seq) {
            List<String> out = new ArrayList<>();
            for (Node n : seq.getValue()) {
                if (!(n instanceof ScalarNode s)) {
                    throw error("expected a list of single values, found an item that is " + describe(n));
                }
                out.add(s.getValue().trim());
            }
            return out;
        }
        List<String> out = new ArrayList<>(Arrays.asList(text().split(";", -1)));
        out.replaceAll(String::trim);
        return out;
    }

    /** Exactly one item per model input; a trailing {@code ;} is allowed ('128;' for two inputs is two items). */
    List<String> perInput(int inputCount) {
        List<String> items = items();
        if (items.size() == inputCount + 1 && items.get(inputCount).isEmpty()) {
            items.remove(inputCount);
        }
        if (items.size() != inputCount) {
            throw error("expected " + inputCount + (inputCount == 1 ? " value" : " values separated by ';'")
                    + " (one per input_name), found " + items.size() + " in '" + rawText() + "'");
        }
        return items;
    }

    YamlMap map() {
        if (!(node instanceof MappingNode m)) {
            throw error("expected a mapping of keys, found " + describe(node));
        }
        return YamlMap.of(m, key, keyWhere, file);
    }

    boolean isMap() {
        return node instanceof MappingNode;
    }

    private String rawText() {
        return node instanceof ScalarNode s ? s.getValue().trim() : String.join("; ", items());
    }

    static String describe(Node node) {
        if (node instanceof MappingNode) {
            return "a mapping";
        }
        if (node instanceof SequenceNode) {
            return "a list";
        }
        ScalarNode s = (ScalarNode) node;
        return Tag.NULL.equals(s.getTag()) || s.getValue().isBlank() ? "an empty value" : "'" + s.getValue() + "'";
    }
}
