package qmap.config;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads {@code model_parameters.node_info}: a mapping {@code NODE: {ON: BPU|CPU, InputType: int16,
 * InputType1: int8, OutputType: int16}} or the short string {@code "n1:int16;n2:int16"}, which sets
 * every input and output of each node.
 */
final class NodeInfoReader {
    private static final List<String> KEYS = List.of("ON", "InputType", "OutputType");
    private static final Pattern INDEXED_INPUT = Pattern.compile("InputType(\\d+)");

    private NodeInfoReader() {
    }

    static Map<String, NodeInfo> read(Value v, ReadContext ctx) {
        return v.isMap() ? fromMapping(v.map(), ctx) : fromShortForm(v, ctx);
    }

    private static Map<String, NodeInfo> fromShortForm(Value v, ReadContext ctx) {
        Map<String, NodeInfo> out = new LinkedHashMap<>();
        for (String item : ModelParametersReader.names(Optional.of(v))) {
            int colon = item.lastIndexOf(':');
            if (colon <= 0) {
                throw v.error("expected NODE:int8 or NODE:int16 items separated by ';', found '" + item + "'");
            }
            String node = item.substring(0, colon).trim();
            Precision p = v.choice(item.substring(colon + 1).trim(), Precision.class, " for node '" + node + "'");
            if (p == Precision.INT16) {
                ctx.requireInt16(v, "'" + item + "'");
            }
            out.put(node, new NodeInfo(node, Optional.empty(), Optional.of(p), Map.of(), Optional.of(p)));
        }
        return out;
    }

    private static Map<String, NodeInfo> fromMapping(YamlMap nodes, ReadContext ctx) {
        Map<String, NodeInfo> out = new LinkedHashMap<>();
        for (Value entry : nodes.values()) {
            String node = entry.lastKeyPart();
            out.put(node, node(node, entry.map(), ctx));
        }
        return out;
    }

    private static NodeInfo node(String node, YamlMap m, ReadContext ctx) {
        Optional<Placement> on = Optional.empty();
        Optional<Precision> input = Optional.empty();
        Optional<Precision> output = Optional.empty();
        Map<Integer, Precision> indexed = new LinkedHashMap<>();
        for (Value v : m.values()) {
            String key = v.lastKeyPart();
            Matcher k = INDEXED_INPUT.matcher(key);
            if (key.equals("ON")) {
                on = Optional.of(v.text().equalsIgnoreCase("NPU") ? Placement.BPU : v.choice(Placement.class));
            } else if (key.equals("InputType")) {
                input = Optional.of(precision(v, ctx));
            } else if (key.equals("OutputType")) {
                output = Optional.of(precision(v, ctx));
            } else if (k.matches()) {
                indexed.put(Integer.parseInt(k.group(1)), precision(v, ctx));
            } else {
                throw new ConfigException(v.keyWhere(), v.key(), "unknown node_info key; "
                        + ClosestName.among(key, KEYS).map(s -> "did you mean '" + s + "'?")
                                .orElse("expected ON, InputType, InputType<k> or OutputType"));
            }
        }
        return new NodeInfo(node, on, input, indexed, output);
    }

    private static Precision precision(Value v, ReadContext ctx) {
        Precision p = v.choice(Precision.class);
        if (p == Precision.INT16) {
            ctx.requireInt16(v, v.lastKeyPart() + ": int16");
        }
        return p;
    }
}
