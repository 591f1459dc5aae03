package qmap.ir;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One operator application in canonical (opset-independent) form. Inputs and outputs are value
 * names; an absent optional input is the empty string. Nodes are immutable: passes build new
 * ones with {@link #toBuilder()}.
 */
public final class Node {
    private final String name;
    private final String opType;
    private final String domain;
    private final List<String> inputs;
    private final List<String> outputs;
    private final Map<String, Attribute> attributes;

    public Node(String name, String opType, String domain, List<String> inputs, List<String> outputs,
                Map<String, Attribute> attributes) {
        this.name = name;
        this.opType = opType;
        this.domain = domain == null ? "" : domain;
        this.inputs = List.copyOf(inputs);
        this.outputs = List.copyOf(outputs);
        this.attributes = Collections.unmodifiableMap(new LinkedHashMap<>(attributes));
    }

    public String name() {
        return name;
    }

    public String opType() {
        return opType;
    }

    /** "" for the default ai.onnx domain. */
    public String domain() {
        return domain;
    }

    public List<String> inputs() {
        return inputs;
    }

    public List<String> outputs() {
        return outputs;
    }

    public String input(int i) {
        return i < inputs.size() ? inputs.get(i) : "";
    }

    public String output(int i) {
        return outputs.get(i);
    }

    /** True when input i is given (present and not the empty name). */
    public boolean hasInput(int i) {
        return i < inputs.size() && !inputs.get(i).isEmpty();
    }

    public Map<String, Attribute> attributes() {
        return attributes;
    }

    public boolean hasAttr(String key) {
        return attributes.containsKey(key);
    }

    public Attribute attr(String key) {
        return attributes.get(key);
    }

    public long attrInt(String key, long dflt) {
        Attribute a = attributes.get(key);
        return a == null ? dflt : a.asInt();
    }

    public float attrFloat(String key, float dflt) {
        Attribute a = attributes.get(key);
        return a == null ? dflt : a.asFloat();
    }

    public String attrString(String key, String dflt) {
        Attribute a = attributes.get(key);
        return a == null ? dflt : a.asString();
    }

    /** The ints attribute, or {@code dflt} (which may be null) when absent. */
    public long[] attrInts(String key, long[] dflt) {
        Attribute a = attributes.get(key);
        return a == null ? dflt : a.asInts();
    }

    public float[] attrFloats(String key, float[] dflt) {
        Attribute a = attributes.get(key);
        return a == null ? dflt : a.asFloats();
    }

    /** How the node is named in messages: 'name' (OpType). */
    public String describe() {
        return "'" + name + "' (" + opType + (domain.isEmpty() ? "" : ", " + domain) + ")";
    }

    @Override
    public String toString() {
        return opType + " " + name + " " + inputs + " -> " + outputs;
    }

    public Builder toBuilder() {
        return new Builder(opType).name(name).domain(domain).inputs(inputs).outputs(outputs)
                .attributes(attributes);
    }

    public static Builder builder(String opType) {
        return new Builder(opType);
    }

    /** Assembles a node; used by the importer and by passes. */
    public static final class Builder {
        private String name = "";
        private final String opType;
        private String domain = "";
        private final List<String> inputs = new ArrayList<>();
        private final List<String> outputs = new ArrayList<>();
        private final Map<String, Attribute> attributes = new LinkedHashMap<>();

        private Builder(String opType) {
            this.opType = opType;
        }

        public Builder name(String n) {
            this.name = n;
            return this;
        }

        public Builder domain(String d) {
            this.domain = d;
            return this;
        }

        public Builder inputs(List<String> in) {
            inputs.clear();
            inputs.addAll(in);
            return this;
        }

        public Builder inputs(String... in) {
            return inputs(List.of(in));
        }

        public Builder input(int index, String value) {
            while (inputs.size() <= index) {
                inputs.add("");
            }
            inputs.set(index, value);
            return this;
        }

        public Builder outputs(List<String> out) {
            outputs.clear();
            outputs.addAll(out);
            return this;
        }

        public Builder outputs(String... out) {
            return outputs(List.of(out));
        }

        public Builder attributes(Map<String, Attribute> attrs) {
            attributes.clear();
            attributes.putAll(attrs);
            return this;
        }

        public Builder attr(String key, Attribute value) {
            attributes.put(key, value);
            return this;
        }

        public Builder removeAttr(String key) {
            attributes.remove(key);
            return this;
        }

        public Node build() {
            while (!inputs.isEmpty() && inputs.get(inputs.size() - 1).isEmpty()) {
                inputs.remove(inputs.size() - 1);
            }
            return new Node(name, opType, domain, inputs, outputs, attributes);
        }
    }
}
