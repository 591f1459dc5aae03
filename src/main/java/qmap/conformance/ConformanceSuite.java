package qmap.conformance;

import ai.onnx.proto.OnnxMl.TensorProto;
import com.google.protobuf.InvalidProtocolBufferException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Stream;
import qmap.QmapException;
import qmap.exec.Executor;
import qmap.ir.Model;
import qmap.ir.Tensor;
import qmap.ir.ValueInfo;
import qmap.onnx.OnnxReader;
import qmap.onnx.TensorProtos;

/**
 * Runs a folder of ONNX backend tests through the reader and the float executor. Tests listed
 * in the skip list ({@code conformance-skips.tsv}: test name, tab, reason) are not run.
 */
public final class ConformanceSuite {
    /** The ONNX backend tests' relative tolerance, and the absolute tolerance qmap holds itself to. */
    public static final double RTOL = 1e-3;
    public static final double ATOL = 1e-5;

    private final Map<String, String> skips;
    private final TensorComparison comparison = new TensorComparison(RTOL, ATOL);

    public ConformanceSuite(Map<String, String> skips) {
        this.skips = skips;
    }

    /** The suite with qmap's own skip list. */
    public static ConformanceSuite standard() {
        return new ConformanceSuite(loadSkips());
    }

    public static Map<String, String> loadSkips() {
        Map<String, String> m = new HashMap<>();
        try (InputStream in = ConformanceSuite.class.getResourceAsStream("/qmap/conformance-skips.tsv")) {
            if (in == null) {
                return m;
            }
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                if (line.isBlank() || line.startsWith("#")) {
                    continue;
                }
                String[] parts = line.split("\t", 2);
                m.put(parts[0].trim(), parts.length > 1 ? parts[1].trim() : "");
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot read the skip list", e);
        }
        return m;
    }

    public static List<BackendTest> discover(Path dir) {
        if (!Files.isDirectory(dir)) {
            throw new QmapException("conformance directory not found: " + dir);
        }
        List<BackendTest> tests = new ArrayList<>();
        try (Stream<Path> s = Files.list(dir)) {
            s.filter(p -> Files.isRegularFile(p.resolve("model.onnx"))).sorted()
                    .forEach(p -> tests.add(new BackendTest(p.getFileName().toString(), p)));
        } catch (IOException e) {
            throw new QmapException("cannot list " + dir + ": " + e.getMessage(), e);
        }
        if (tests.isEmpty()) {
            throw new QmapException("no backend tests (folders with model.onnx) in " + dir);
        }
        return tests;
    }

    /** Runs every test in {@code dir}; {@code progress} sees each outcome as it comes. */
    public List<TestOutcome> run(Path dir, java.util.regex.Pattern filter, Consumer<TestOutcome> progress) {
        List<TestOutcome> outcomes = new ArrayList<>();
        for (BackendTest t : discover(dir)) {
            if (filter != null && !filter.matcher(t.name()).find()) {
                continue;
            }
            TestOutcome o = run(t);
            outcomes.add(o);
            progress.accept(o);
        }
        return outcomes;
    }

    public TestOutcome run(BackendTest test) {
        String skip = skips.get(test.name());
        if (skip != null) {
            return new TestOutcome(test.name(), TestOutcome.Status.SKIPPED, skip);
        }
        try {
            String diff = check(test);
            return diff == null ? new TestOutcome(test.name(), TestOutcome.Status.PASSED, "")
                    : new TestOutcome(test.name(), TestOutcome.Status.FAILED, diff);
        } catch (QmapException e) {
            return new TestOutcome(test.name(), TestOutcome.Status.FAILED, e.getMessage());
        } catch (RuntimeException | StackOverflowError e) {
            return new TestOutcome(test.name(), TestOutcome.Status.FAILED, "internal error: " + e);
        }
    }

    private String check(BackendTest test) {
        Model model = OnnxReader.read(test.dir().resolve("model.onnx"));
        List<Path> dataSets = new ArrayList<>();
        try (Stream<Path> s = Files.list(test.dir())) {
            s.filter(p -> p.getFileName().toString().startsWith("test_data_set_")).sorted().forEach(dataSets::add);
        } catch (IOException e) {
            throw new QmapException("cannot list " + test.dir() + ": " + e.getMessage(), e);
        }
        Executor exec = Executor.of(model);
        for (Path ds : dataSets) {
            Map<String, Tensor> inputs = new LinkedHashMap<>();
            List<ValueInfo> declared = model.graph().inputs();
            for (int k = 0; k < declared.size(); k++) {
                Path f = ds.resolve("input_" + k + ".pb");
                if (Files.exists(f)) {
                    inputs.put(declared.get(k).name(), readTensor(f));
                }
            }
            Map<String, Tensor> actual = exec.run(inputs);
            List<ValueInfo> outs = model.graph().outputs();
            for (int k = 0; k < outs.size(); k++) {
                Path f = ds.resolve("output_" + k + ".pb");
                if (!Files.exists(f)) {
                    continue;
                }
                String diff = comparison.difference(actual.get(outs.get(k).name()), readTensor(f));
                if (diff != null) {
                    return ds.getFileName() + " output '" + outs.get(k).name() + "': " + diff;
                }
            }
        }
        return null;
    }

    private static Tensor readTensor(Path f) {
        try {
            return TensorProtos.decode(TensorProto.parseFrom(Files.readAllBytes(f)), f.getParent());
        } catch (InvalidProtocolBufferException e) {
            throw new QmapException(f + " is not a TensorProto (sequence and optional data are not supported)");
        } catch (IOException e) {
            throw new QmapException("cannot read " + f + ": " + e.getMessage(), e);
        }
    }
}
