package qmap.conformance;

import java.nio.file.Path;

/** One ONNX backend test: a folder with model.onnx and test_data_set_N/{input,output}_K.pb. */
public record BackendTest(String name, Path dir) {
}
