package qmap.config;

/** The value range of an nv12 runtime input (`input_space_and_range`): full 0..255 or bt601_video 16..235. */
public enum SpaceAndRange {
    REGULAR("regular"),
    BT601_VIDEO("bt601_video");

    private final String yamlName;

    SpaceAndRange(String yamlName) {
        this.yamlName = yamlName;
    }

    /** The spelling used in the config file. */
    @Override
    public String toString() {
        return yamlName;
    }
}
