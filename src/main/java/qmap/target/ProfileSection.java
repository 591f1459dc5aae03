package qmap.target;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import qmap.QmapException;

/** A YAML mapping of a profile file with its path, for typed reads and errors that name the key. */
final class ProfileSection {
    private final String origin;
    private final String path;
    private final Map<String, Object> map;

    ProfileSection(String origin, String path, Map<String, Object> map) {
        this.origin = origin;
        this.path = path;
        this.map = map;
    }

    QmapException error(String key, String message) {
        String where = path.isEmpty() ? key : key.isEmpty() ? path : path + "." + key;
        return new QmapException("profile " + origin + ": " + where + ": " + message);
    }

    /** Rejects keys outside {@code allowed}, naming the first unknown one. */
    ProfileSection onlyKeys(Set<String> allowed) {
        for (String k : map.keySet()) {
            if (!allowed.contains(k)) {
                throw error(k, "unknown key (expected one of " + new TreeSet<>(allowed) + ")");
            }
        }
        return this;
    }

    boolean has(String key) {
        return map.containsKey(key);
    }

    Set<String> keys() {
        return map.keySet();
    }

    Object raw(String key) {
        return map.get(key);
    }

    String string(String key) {
        Object v = require(key);
        if (v instanceof Map || v instanceof List) {
            throw error(key, "expected a string, found " + v);
        }
        return String.valueOf(v);
    }

    String string(String key, String dflt) {
        return has(key) ? string(key) : dflt;
    }

    double number(String key) {
        Object v = require(key);
        if (v instanceof Number n) {
            return n.doubleValue();
        }
        try {
            return Double.parseDouble(String.valueOf(v));
        } catch (NumberFormatException e) {
            throw error(key, "expected a number, found '" + v + "'");
        }
    }

    boolean bool(String key, boolean dflt) {
        Object v = map.get(key);
        if (v == null) {
            return dflt;
        }
        if (v instanceof Boolean b) {
            return b;
        }
        throw error(key, "expected true or false, found '" + v + "'");
    }

    List<Object> list(String key) {
        Object v = require(key);
        if (!(v instanceof List<?> l)) {
            throw error(key, "expected a list, found " + v);
        }
        return new ArrayList<>(l);
    }

    List<String> strings(String key) {
        List<String> out = new ArrayList<>();
        for (Object o : list(key)) {
            out.add(String.valueOf(o));
        }
        return out;
    }

    ProfileSection section(String key) {
        return sectionOf(key, require(key));
    }

    /** A nested mapping found under {@code key} (e.g. one element of a list). */
    @SuppressWarnings("unchecked")
    ProfileSection sectionOf(String key, Object value) {
        if (!(value instanceof Map)) {
            throw error(key, "expected a mapping, found " + value);
        }
        String sub = path.isEmpty() ? key : path + "." + key;
        return new ProfileSection(origin, sub, (Map<String, Object>) value);
    }

    private Object require(String key) {
        Object v = map.get(key);
        if (v == null) {
            throw error(key, "missing");
        }
        return v;
    }
}
