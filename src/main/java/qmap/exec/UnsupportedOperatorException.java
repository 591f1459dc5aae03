package qmap.exec;

import qmap.QmapException;

/** The model holds a node qmap has no operator for. */
public final class UnsupportedOperatorException extends QmapException {
    public UnsupportedOperatorException(String message) {
        super(message);
    }
}
