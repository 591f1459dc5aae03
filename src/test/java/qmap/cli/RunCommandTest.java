package qmap.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static qmap.testing.Cli.qmap;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import qmap.testing.Cli.Outcome;
import org.junit.jupiter.api.io.TempDir;
import qmap.ir.DType;
import qmap.ir.Graph;
import qmap.ir.Model;
import qmap.ir.Node;
import qmap.ir.Tensor;
import qmap.ir.TensorType;
import qmap.ir.ValueInfo;
import qmap.io.Npy;
import qmap.onnx.OnnxWriter;

/** 'qmap run' as a user runs it: exit codes, one-line errors, written outputs. */
class RunCommandTest {
    @TempDir
    Path dir;

    /** y = Relu(x + c) with x float[1,3]. */
    private Path tinyModel(String opType) {
        Graph g = new Graph("tiny",
                List.of(Node.builder("Add").name("add0").inputs("x", "c").outputs("s").build(),
                        Node.builder(opType).name("act0").inputs("s").outputs("y").build()),
                List.of(new ValueInfo("x", TensorType.of(DType.FLOAT, 1, 3))),
                List.of(new ValueInfo("y", TensorType.of(DType.FLOAT, 1, 3))),
                Map.of("c", Tensor.ofFloats(new int[] {3}, 1f, -5f, 0.5f)), Map.of());
        Path file = dir.resolve(opType + ".onnx");
        OnnxWriter.write(new Model(g, Map.of("", 21L), "test", "", 10, Map.of()), file);
        return file;
    }

    @Test
    void runsAModelAndWritesNpyOutputs() {
        Path model = tinyModel("Relu");
        Path x = dir.resolve("x.npy");
        Npy.write(Tensor.ofFloats(new int[] {1, 3}, 2f, 3f, -1f), x);
        Outcome r = qmap("run", model.toString(), "--input", "x=" + x, "--output-dir", dir.resolve("out").toString());
        assertEquals(0, r.code(), r.err());
        Tensor y = Npy.read(dir.resolve("out/y.npy"));
        assertArrayEquals(new float[] {3f, 0f, 0f}, y.floats());
    }

    @Test
    void rawBinInputTakesShapeAndTypeFromTheModel() throws Exception {
        Path model = tinyModel("Relu");
        Path x = dir.resolve("x.bin");
        Files.write(x, qmap.io.RawTensors.encode(Tensor.ofFloats(new int[] {1, 3}, 1f, 1f, 1f)));
        Outcome r = qmap("run", model.toString(), "--input", "x=" + x, "--output-dir", dir.resolve("o").toString(),
                "--dump-all");
        assertEquals(0, r.code(), r.err());
        assertArrayEquals(new float[] {2f, 0f, 1.5f}, Npy.read(dir.resolve("o/y.npy")).floats());
        assertTrue(Files.exists(dir.resolve("o/intermediate/s.npy")), "--dump-all writes intermediates");
    }

    @Test
    void unsupportedOperatorIsAUserErrorNamingTheNode() {
        Path model = tinyModel("Frobnicate");
        Path x = dir.resolve("x.npy");
        Npy.write(Tensor.ofFloats(new int[] {1, 3}, 2f, 3f, -1f), x);
        Outcome r = qmap("run", model.toString(), "--input", "x=" + x, "--output-dir", dir.toString());
        assertEquals(2, r.code());
        assertTrue(r.err().contains("node 'act0' (Frobnicate, domain 'ai.onnx', opset 21) is not supported"), r.err());
        assertEquals(1, r.err().strip().lines().count(), "one line: " + r.err());
    }

    @Test
    void truncatedOrForeignFilesAreUserErrors() throws Exception {
        Path model = tinyModel("Relu");
        byte[] bytes = Files.readAllBytes(model);
        Path cut = dir.resolve("cut.onnx");
        Files.write(cut, java.util.Arrays.copyOf(bytes, bytes.length / 2));
        Outcome r = qmap("run", cut.toString(), "--output-dir", dir.toString());
        assertEquals(2, r.code());
        assertTrue(r.err().contains("cut.onnx"), r.err());
        Path text = dir.resolve("notes.onnx");
        Files.writeString(text, "this is not a model at all\n");
        Outcome t = qmap("run", text.toString(), "--output-dir", dir.toString());
        assertEquals(2, t.code());
        assertTrue(t.err().contains("notes.onnx"), t.err());
        Outcome missing = qmap("run", dir.resolve("nope.onnx").toString(), "--output-dir", dir.toString());
        assertEquals(2, missing.code());
        assertTrue(missing.err().contains("not found"), missing.err());
    }

    @Test
    void missingInputWrongShapeAndWrongTypeAreUserErrors() {
        Path model = tinyModel("Relu");
        Outcome none = qmap("run", model.toString(), "--output-dir", dir.toString());
        assertEquals(2, none.code());
        assertTrue(none.err().contains("missing input 'x'"), none.err());

        Path wrongShape = dir.resolve("w.npy");
        Npy.write(Tensor.ofFloats(new int[] {1, 4}, 1, 2, 3, 4), wrongShape);
        Outcome s = qmap("run", model.toString(), "--input", "x=" + wrongShape, "--output-dir", dir.toString());
        assertEquals(2, s.code());
        assertTrue(s.err().contains("input 'x'") && s.err().contains("[1, 4]"), s.err());

        Path wrongType = dir.resolve("t.npy");
        Npy.write(Tensor.of(DType.INT64, new int[] {1, 3}, new long[] {1, 2, 3}), wrongType);
        Outcome t = qmap("run", model.toString(), "--input", "x=" + wrongType, "--output-dir", dir.toString());
        assertEquals(2, t.code());
        assertTrue(t.err().contains("expected element type float, got int64"), t.err());

        Outcome name = qmap("run", model.toString(), "--input", "y=" + wrongType, "--output-dir", dir.toString());
        assertEquals(2, name.code());
        assertTrue(name.err().contains("--input y"), name.err());

        Outcome shape = qmap("run", model.toString(), "--input-shape", "x", "1x3xq", "--output-dir", dir.toString());
        assertEquals(2, shape.code());
        assertTrue(shape.err().contains("malformed shape '1x3xq'"), shape.err());
    }
}
