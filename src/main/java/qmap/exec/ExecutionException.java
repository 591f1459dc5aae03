package qmap.exec;

import qmap.QmapException;

/** A node could not run on the given inputs (bad shapes, attributes, unsupported types). */
public final class ExecutionException extends QmapException {
    public ExecutionException(String message, Throwable cause) {
        super(message, cause);
    }
}
