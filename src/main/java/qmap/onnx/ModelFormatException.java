package qmap.onnx;

import qmap.QmapException;

/** A file is not a readable ONNX model (truncated, not protobuf, no graph, bad tensor). */
public final class ModelFormatException extends QmapException {
    public ModelFormatException(String message, Throwable cause) {
        super(message, cause);
    }
}
