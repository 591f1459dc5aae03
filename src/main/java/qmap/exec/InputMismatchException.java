package qmap.exec;

import qmap.QmapException;

/** A model input is missing, unknown, or of the wrong type or shape. */
public final class InputMismatchException extends QmapException {
    public InputMismatchException(String message) {
        super(message);
    }
}
