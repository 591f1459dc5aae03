package qmap.target;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** Reads one op row of a profile: {@code {unit, constraints, opt_in, note}}. */
final class RuleReader {
    private static final Set<String> RULE_KEYS = Set.of("unit", "constraints", "opt_in", "note");
    private static final Set<String> CONSTRAINT_KEYS = Set.of("fact", "equals", "in", "min", "max", "when",
            "reason", "assumed", "note");

    private RuleReader() {
    }

    static OpRule rule(String opType, ProfileSection s) {
        s.onlyKeys(RULE_KEYS);
        Unit unit = parseUnit(s);
        List<Constraint> constraints = new ArrayList<>();
        if (s.has("constraints")) {
            List<Object> raw = s.list("constraints");
            for (int i = 0; i < raw.size(); i++) {
                constraints.add(constraint(s.sectionOf("constraints[" + i + "]", raw.get(i))));
            }
        }
        if (unit != Unit.NPU && !constraints.isEmpty()) {
            throw s.error("constraints", "only an npu rule has constraints (unit is " + unit.profileName() + ")");
        }
        return new OpRule(opType, unit, constraints, s.bool("opt_in", false), s.string("note", ""));
    }

    private static Unit parseUnit(ProfileSection s) {
        try {
            return Unit.parse(s.string("unit"), "unit");
        } catch (qmap.QmapException e) {
            throw s.error("unit", "expected npu, cpu or fold, found '" + s.string("unit") + "'");
        }
    }

    static Constraint constraint(ProfileSection s) {
        s.onlyKeys(CONSTRAINT_KEYS);
        String fact = s.string("fact");
        requireFact(s, "fact", fact);
        Object min = limit(s, "min");
        Object max = limit(s, "max");
        Object equals = s.raw("equals");
        List<Object> in = s.has("in") ? s.list("in") : null;
        if (min == null && max == null && equals == null && in == null) {
            throw s.error("", "a constraint needs one of equals, in, min, max");
        }
        Constraint when = s.has("when") ? constraint(s.section("when")) : null;
        return new Constraint(fact, equals, in, min, max, when, s.has("reason") ? s.string("reason") : null,
                s.bool("assumed", false), s.string("note", ""));
    }

    /** A number, or the name of another fact. */
    private static Object limit(ProfileSection s, String key) {
        Object v = s.raw(key);
        if (v == null || v instanceof Number) {
            return v;
        }
        String name = String.valueOf(v);
        requireFact(s, key, name);
        return name;
    }

    private static void requireFact(ProfileSection s, String key, String name) {
        if (FactCatalog.find(name) == null) {
            throw s.error(key, "unknown fact '" + name + "' (known: " + String.join(", ", FactCatalog.names()) + ")");
        }
    }
}
