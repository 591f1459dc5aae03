package qmap.target;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;
import org.snakeyaml.engine.v2.schema.CoreSchema;
import qmap.QmapException;

/** Reads a profile YAML document (resolving {@code extends:}) into a {@link TargetProfile}. */
final class ProfileReader {
    private static final Set<String> TOP_KEYS = Set.of("name", "extends", "description", "npu_name", "source",
            "activation_dtypes", "weights", "requantization", "lut_size", "npu_output_to_cpu", "default", "ops", "cost", "assumptions",
            "templates");
    private static final Set<String> COST_KEYS = Set.of("npu_macs_per_second", "npu_bytes_per_second",
            "npu_efficiency", "npu_int16_throughput", "cpu_flops_per_second", "cpu_op_overhead_ms",
            "boundary_switch_ms", "boundary_ns_per_element", "note");

    private ProfileReader() {
    }

    static TargetProfile builtin(String march) {
        return read(resourceText(march), march + ".yaml");
    }

    static TargetProfile read(String yaml, String origin) {
        List<String> texts = new ArrayList<>();
        Map<String, Object> merged = resolve(yaml, origin, texts, 0);
        return build(new ProfileSection(origin, "", merged).onlyKeys(TOP_KEYS), texts);
    }

    private static String resourceText(String march) {
        try (InputStream in = ProfileReader.class.getResourceAsStream("/qmap/profiles/" + march + ".yaml")) {
            if (in == null) {
                throw new IllegalStateException("built-in profile missing from the jar: " + march);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read built-in profile " + march, e);
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> resolve(String yaml, String origin, List<String> texts, int depth) {
        Object doc;
        try {
            doc = new Load(LoadSettings.builder().setSchema(new CoreSchema()).setLabel(origin).build())
                    .loadFromString(yaml);
        } catch (YamlEngineException e) {
            throw new QmapException("profile " + origin + ": not valid YAML: " + e.getMessage().lines().findFirst()
                    .orElse(""), e);
        }
        if (!(doc instanceof Map)) {
            throw new QmapException("profile " + origin + ": expected a mapping at the top level");
        }
        Map<String, Object> map = (Map<String, Object>) doc;
        Object base = map.get("extends");
        if (base == null) {
            texts.add(yaml);
            return map;
        }
        if (depth > 4 || !TargetProfile.BUILTIN.contains(String.valueOf(base))) {
            throw new QmapException("profile " + origin + ": extends: '" + base + "' is not a built-in profile ("
                    + String.join(", ", TargetProfile.BUILTIN) + ")");
        }
        String baseName = String.valueOf(base);
        Map<String, Object> parent = resolve(resourceText(baseName), baseName + ".yaml", texts, depth + 1);
        texts.add(yaml);
        return merge(parent, map);
    }

    /** The child's keys replace the parent's; ops, cost and npu_efficiency merge entry by entry. */
    @SuppressWarnings("unchecked")
    private static Map<String, Object> merge(Map<String, Object> parent, Map<String, Object> child) {
        Map<String, Object> out = new LinkedHashMap<>(parent);
        for (Map.Entry<String, Object> e : child.entrySet()) {
            String k = e.getKey();
            Object p = out.get(k);
            if (k.equals("extends")) {
                continue;
            }
            if ((k.equals("ops") || k.equals("cost") || k.equals("npu_efficiency")) && p instanceof Map
                    && e.getValue() instanceof Map) {
                out.put(k, merge((Map<String, Object>) p, (Map<String, Object>) e.getValue()));
            } else if (k.equals("assumptions") && p instanceof List && e.getValue() instanceof List) {
                List<Object> all = new ArrayList<>((List<Object>) p);
                all.addAll((List<Object>) e.getValue());
                out.put(k, all);
            } else {
                out.put(k, e.getValue());
            }
        }
        return out;
    }

    private static TargetProfile build(ProfileSection s, List<String> texts) {
        String name = s.string("name");
        Map<String, OpRule> ops = new LinkedHashMap<>();
        ProfileSection opsSection = s.section("ops");
        for (String op : opsSection.keys()) {
            ops.put(op, RuleReader.rule(op, opsSection.section(op)));
        }
        List<String> dtypes = s.strings("activation_dtypes");
        for (String t : dtypes) {
            if (!t.equals("int8") && !t.equals("int16")) {
                throw s.error("activation_dtypes", "unsupported type '" + t + "' (expected int8 or int16)");
            }
        }
        String toCpu = s.string("npu_output_to_cpu", "int8");
        if (!toCpu.equals("int8") && !toCpu.equals("int32")) {
            throw s.error("npu_output_to_cpu", "unsupported type '" + toCpu + "' (expected int8 or int32)");
        }
        return new TargetProfile(name, s.string("description", ""), s.string("npu_name", "NPU"),
                s.string("source", ""), dtypes, weights(s.section("weights")),
                requantization(s.section("requantization")), (int) s.number("lut_size"), toCpu.equals("int32"),
                RuleReader.rule("*", s.section("default")), ops, cost(s.section("cost").onlyKeys(COST_KEYS)),
                s.has("assumptions") ? s.strings("assumptions") : List.of(), texts);
    }

    private static WeightQuantization weights(ProfileSection s) {
        s.onlyKeys(Set.of("dtype", "granularity", "range", "accumulator", "note"));
        List<Object> range = s.list("range");
        if (range.size() != 2 || !(range.get(0) instanceof Number) || !(range.get(1) instanceof Number)) {
            throw s.error("range", "expected [min, max], found " + range);
        }
        return new WeightQuantization(s.string("dtype"), s.string("granularity"), ((Number) range.get(0)).intValue(),
                ((Number) range.get(1)).intValue(), s.string("accumulator"), s.string("note", ""));
    }

    private static Requantization requantization(ProfileSection s) {
        s.onlyKeys(Set.of("kind", "multiplier_bits", "rounding", "note"));
        String kind = s.string("kind");
        if (!kind.equals("fixed_point") && !kind.equals("float")) {
            throw s.error("kind", "expected fixed_point or float, found '" + kind + "'");
        }
        return new Requantization(kind, s.has("multiplier_bits") ? (int) s.number("multiplier_bits") : 0,
                s.string("rounding"), s.string("note", ""));
    }

    private static CostConstants cost(ProfileSection s) {
        ProfileSection effSection = s.section("npu_efficiency");
        Map<OpClass, CostConstant> eff = new EnumMap<>(OpClass.class);
        for (OpClass c : OpClass.values()) {
            eff.put(c, constant(effSection, c.key()));
        }
        for (String k : effSection.keys()) {
            if (eff.keySet().stream().noneMatch(c -> c.key().equals(k))) {
                throw effSection.error(k, "unknown op class (expected one of " + eff.keySet() + ", lower case)");
            }
        }
        return new CostConstants(constant(s, "npu_macs_per_second"), constant(s, "npu_bytes_per_second"), eff,
                s.has("npu_int16_throughput") ? constant(s, "npu_int16_throughput") : null,
                constant(s, "cpu_flops_per_second"), constant(s, "cpu_op_overhead_ms"),
                constant(s, "boundary_switch_ms"), constant(s, "boundary_ns_per_element"), s.string("note", ""));
    }

    private static CostConstant constant(ProfileSection parent, String key) {
        ProfileSection c = parent.section(key).onlyKeys(Set.of("value", "source"));
        double v = c.number("value");
        if (!(v >= 0) || Double.isInfinite(v)) {
            throw c.error("value", "expected a finite number >= 0, found " + v);
        }
        return new CostConstant(v, c.string("source"));
    }
}
