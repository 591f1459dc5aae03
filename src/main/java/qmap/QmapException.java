package qmap;

/**
 * An error the user can cause and fix: a bad model, file, shape, name or config value.
 * The message names the file / key / node and the expected versus actual value; the CLI
 * prints it on one line and exits with {@link #exitCode()}.
 */
public class QmapException extends RuntimeException {
    public static final int USER_ERROR = 2;

    private final int exitCode;

    public QmapException(String message) {
        this(message, null);
    }

    public QmapException(String message, Throwable cause) {
        super(message, cause);
        this.exitCode = USER_ERROR;
    }

    public int exitCode() {
        return exitCode;
    }
}
