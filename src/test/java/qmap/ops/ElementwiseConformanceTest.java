package qmap.ops;

import qmap.kernels.FastKernels;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import qmap.conformance.BackendTest;
import qmap.conformance.ConformanceSuite;
import qmap.conformance.TestOutcome;
import qmap.ir.Node;
import qmap.onnx.OnnxReader;

/**
 * The ONNX backend tests of the elementwise operators: every test in {@code ../shared} whose
 * model uses one of them must pass. A test whose imported graph also needs an operator qmap
 * does not register yet is skipped with that reason, and runs as soon as the operator exists.
 */
class ElementwiseConformanceTest {
    private static final Set<String> ELEMENTWISE = Set.of("Abs", "Add", "Ceil", "Clip", "Div", "Equal", "Erf",
            "Exp", "Floor", "Greater", "HardSigmoid", "HardSwish", "LeakyRelu", "Less", "Log", "LogSoftmax", "Max",
            "Mean", "Min", "Mul", "Neg", "Not", "PRelu", "Pow", "Reciprocal", "Relu", "Sigmoid", "Softmax", "Sqrt",
            "Sub", "Sum", "Tanh", "Where");
    private static final Path SHARED = Path.of(System.getProperty("qmap.shared", "../shared"));
    private static final ConformanceSuite SUITE = ConformanceSuite.standard();

    @TestFactory
    Stream<DynamicTest> nodeTests() throws IOException {
        return tests(SHARED.resolve("onnx-node-tests"), 180);
    }

    @TestFactory
    Stream<DynamicTest> pytorchConvertedTests() throws IOException {
        return tests(SHARED.resolve("onnx-pytorch-converted-tests"), 25);
    }

    /** The selected tests of one suite folder; at least {@code atLeast} of them, so a broken index shows. */
    private static Stream<DynamicTest> tests(Path dir, int atLeast) throws IOException {
        assumeTrue(Files.isDirectory(dir), dir + " is not present");
        List<DynamicTest> tests = new ArrayList<>();
        List<String> index = Files.readAllLines(dir.resolve("index.tsv"));
        for (String line : index.subList(1, index.size())) {
            String[] cols = line.split("\t");
            if (Stream.of(cols[1].split(",")).anyMatch(ELEMENTWISE::contains)) {
                BackendTest test = new BackendTest(cols[0], dir.resolve(cols[0]));
                tests.add(DynamicTest.dynamicTest(test.name(), () -> {
                    List<String> missing = unregisteredOps(test);
                    assumeTrue(missing.isEmpty(), "needs " + missing);
                    TestOutcome o = SUITE.run(test);
                    assertNotEquals(TestOutcome.Status.FAILED, o.status(), o.detail());
                }));
            }
        }
        assertTrue(tests.size() >= atLeast, "only " + tests.size() + " elementwise tests in " + dir);
        return tests.stream();
    }

    /** Operator types of the test's imported (canonical) graph that qmap does not register. */
    private static List<String> unregisteredOps(BackendTest test) {
        Set<String> registered = FastKernels.registry().opTypes();
        return OnnxReader.read(test.dir().resolve("model.onnx")).graph().nodes().stream().map(Node::opType)
                .filter(op -> !registered.contains(op)).distinct().toList();
    }
}
