package qmap.config;

/** The integer width of a node's inputs or outputs (`node_info` InputType/OutputType). */
public enum Precision {
    INT8("int8"),
    INT16("int16");

    private final String yamlName;

    Precision(String yamlName) {
        this.yamlName = yamlName;
    }

    /** The spelling used in the config file. */
    @Override
    public String toString() {
        return yamlName;
    }
}
