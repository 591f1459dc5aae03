package qmap.config;

/** Where a node runs (`node_info` key `ON`); BPU is Horizon's name for the NPU. */
public enum Placement {
    BPU("BPU"),
    CPU("CPU");

    private final String yamlName;

    Placement(String yamlName) {
        this.yamlName = yamlName;
    }

    /** The spelling used in the config file. */
    @Override
    public String toString() {
        return yamlName;
    }
}
