package qmap.config;

import qmap.QmapException;

/**
 * A config file, key or value the user must fix. The message is one line:
 * {@code FILE:LINE:COLUMN: group.key: what was expected, what was found}.
 */
public final class ConfigException extends QmapException {
    private final String key;

    private ConfigException(String message, String key, Throwable cause) {
        super(message, cause);
        this.key = key;
    }

    ConfigException(Location where, String key, String problem) {
        this(where + ": " + key + ": " + problem, key, null);
    }

    /** An error with no place in a file, e.g. a bad command-line override; {@code key} names the flag. */
    static ConfigException unlocated(String key, String problem) {
        return new ConfigException(key + ": " + problem, key, null);
    }

    /** An error about the file as a whole (unreadable, not YAML); {@code place} is the file or file:line:col. */
    static ConfigException aboutFile(String place, String problem, Throwable cause) {
        return new ConfigException(place + ": " + problem, "", cause);
    }

    /** The qualified key ({@code calibration_parameters.max_percentile}) or flag the error is about; "" if none. */
    public String key() {
        return key;
    }
}
