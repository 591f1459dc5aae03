package qmap.target;

import java.util.ArrayList;
import java.util.List;

/**
 * One clause of an op rule over a named fact: {@code {fact: kernel_h, min: 1, max: 7}}. A limit
 * ({@code min}/{@code max}) is a number or the name of another fact; {@code equals} and
 * {@code in} compare numbers, strings, booleans or lists. With {@code when}, the clause binds
 * only where that condition holds. {@code reason} optionally replaces the generated message
 * ({label}, {value}, {limit} are filled in); {@code assumed} marks qmap's reading of an
 * ambiguous documented rule.
 */
public record Constraint(String fact, Object equals, List<Object> in, Object min, Object max, Constraint when,
                         String reason, boolean assumed, String note) {

    /** Null when the clause holds for the node, else the reason with the numbers. */
    public String violation(NodeFacts facts) {
        if (when != null) {
            Object w = facts.value(when.fact);
            if (w instanceof NodeFacts.Unknown u) {
                return label(when.fact) + " is unknown: " + u.why();
            }
            if (when.violation(facts) != null) {
                return null;
            }
        }
        Object v = facts.value(fact);
        if (v instanceof NodeFacts.Unknown u) {
            return label(fact) + " is unknown: " + u.why();
        }
        String failed = check(v, facts);
        if (failed == null) {
            return null;
        }
        return reason == null ? failed : fill(reason, v, facts);
    }

    private String check(Object v, NodeFacts facts) {
        String label = label(fact);
        if (equals != null && !same(v, equals)) {
            return v instanceof Boolean
                    ? label + ": " + v + " (must be " + equals + details(facts) + ")"
                    : label + " = " + format(v) + ", must be " + format(equals);
        }
        if (in != null && in.stream().noneMatch(x -> same(v, x))) {
            return label + " = " + format(v) + ", must be one of " + format(in);
        }
        if (min != null) {
            Object limit = limitValue(min, facts);
            if (limit instanceof NodeFacts.Unknown u) {
                return label((String) min) + " is unknown: " + u.why();
            }
            if (number(v) < number(limit)) {
                return label + " = " + format(v) + " is below " + limitText(min, limit);
            }
        }
        if (max != null) {
            Object limit = limitValue(max, facts);
            if (limit instanceof NodeFacts.Unknown u) {
                return label((String) max) + " is unknown: " + u.why();
            }
            if (number(v) > number(limit)) {
                return label + " = " + format(v) + " exceeds " + limitText(max, limit);
            }
        }
        return null;
    }

    /** The facts this clause names (for validating a profile). */
    List<String> factNames() {
        List<String> names = new ArrayList<>(List.of(fact));
        for (Object limit : new Object[] {min, max}) {
            if (limit instanceof String s) {
                names.add(s);
            }
        }
        if (when != null) {
            names.addAll(when.factNames());
        }
        return names;
    }

    private static Object limitValue(Object limit, NodeFacts facts) {
        return limit instanceof String s ? facts.value(s) : limit;
    }

    private static String limitText(Object limit, Object value) {
        return limit instanceof String s ? label(s) + " = " + format(value) : format(value);
    }

    private String details(NodeFacts facts) {
        StringBuilder sb = new StringBuilder();
        for (String d : FactCatalog.require(fact).details()) {
            sb.append("; ").append(label(d)).append(" = ").append(format(facts.value(d)));
        }
        return sb.toString();
    }

    private String fill(String template, Object v, NodeFacts facts) {
        Object limit = max != null ? limitValue(max, facts) : min != null ? limitValue(min, facts)
                : equals != null ? equals : in;
        return template.replace("{label}", label(fact)).replace("{value}", format(v))
                .replace("{limit}", format(limit));
    }

    static String label(String factName) {
        Fact f = FactCatalog.find(factName);
        return f == null ? factName : f.label();
    }

    private static double number(Object o) {
        if (o instanceof Number n) {
            return n.doubleValue();
        }
        throw new IllegalArgumentException("not a number: " + o);
    }

    static boolean same(Object a, Object b) {
        if (a instanceof Number x && b instanceof Number y) {
            return x.doubleValue() == y.doubleValue();
        }
        if (a instanceof List<?> x && b instanceof List<?> y) {
            if (x.size() != y.size()) {
                return false;
            }
            for (int i = 0; i < x.size(); i++) {
                if (!same(x.get(i), y.get(i))) {
                    return false;
                }
            }
            return true;
        }
        return a != null && a.equals(b);
    }

    static String format(Object o) {
        if (o instanceof NodeFacts.Unknown u) {
            return "unknown";
        }
        if (o instanceof Double d) {
            return d == Math.rint(d) && Math.abs(d) < 1e15 ? Long.toString(d.longValue())
                    : String.format(java.util.Locale.ROOT, "%.4g", d);
        }
        if (o instanceof List<?> l) {
            List<String> parts = new ArrayList<>();
            for (Object x : l) {
                parts.add(format(x));
            }
            return "[" + String.join(", ", parts) + "]";
        }
        return String.valueOf(o);
    }
}
