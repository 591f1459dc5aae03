package qmap.exec;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import qmap.ir.DType;
import qmap.ir.Graph;
import qmap.ir.Node;
import qmap.ir.Tensor;
import qmap.ir.TensorType;
import qmap.ir.ValueInfo;
import qmap.kernels.FastKernels;

/**
 * The executor's recycled arrays: outputs equal those of fresh arrays on every run, views that
 * share an array (Reshape) keep it alive, a second run of the same shape creates no array (none
 * at all when the caller recycles the outputs), and tensors a listener keeps or the caller holds
 * are never overwritten.
 */
class ExecutorMemoryTest {
    /** a = Relu(x); v = Reshape(a); s = Sigmoid(x) (must not take a's array: v still holds it); y = Reshape(v) + s. */
    private static Graph aliasing() {
        Map<String, Tensor> consts = new HashMap<>();
        consts.put("flat", Tensor.ofLongs(new int[] {3}, 1, 4, 64));
        consts.put("square", Tensor.ofLongs(new int[] {4}, 1, 4, 8, 8));
        List<Node> nodes = List.of(
                Node.builder("Relu").name("relu").inputs("x").outputs("a").build(),
                Node.builder("Reshape").name("view").inputs("a", "flat").outputs("v").build(),
                Node.builder("Sigmoid").name("sig").inputs("x").outputs("s").build(),
                Node.builder("Reshape").name("back").inputs("v", "square").outputs("w").build(),
                Node.builder("Add").name("add").inputs("w", "s").outputs("y").build(),
                Node.builder("Mul").name("mul").inputs("y", "y").outputs("z").build());
        return new Graph("aliasing", nodes, List.of(new ValueInfo("x", TensorType.of(DType.FLOAT, 1, 4, 8, 8))),
                List.of(new ValueInfo("y", TensorType.UNKNOWN), new ValueInfo("z", TensorType.UNKNOWN)), consts,
                Map.of());
    }

    private static Map<String, Tensor> input(long seed) {
        Random rnd = new Random(seed);
        float[] v = new float[256];
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) rnd.nextGaussian();
        }
        return Map.of("x", Tensor.ofFloats(new int[] {1, 4, 8, 8}, v));
    }

    /** The same kernels with nothing recycled: a listener that may keep every tensor sees them all. */
    private static Map<String, Tensor> fresh(Map<String, Tensor> in) {
        try (Executor e = new Executor(aliasing(), FastKernels.registry(), 21, 1)) {
            return e.run(in, (producer, name, value) -> { });
        }
    }

    @Test
    void recycledArraysGiveTheOutputsOfFreshOnesAndViewsKeepTheirArray() {
        try (Executor e = new Executor(aliasing(), FastKernels.registry(), 21, 2)) {
            for (long seed = 1; seed <= 3; seed++) {
                Map<String, Tensor> in = input(seed);
                Map<String, Tensor> out = e.run(in);
                Map<String, Tensor> ref = fresh(in);
                assertArrayEquals(ref.get("y").floats(), out.get("y").floats(), "y, run " + seed);
                assertArrayEquals(ref.get("z").floats(), out.get("z").floats(), "z, run " + seed);
            }
        }
    }

    @Test
    void aSecondRunOfTheSameShapeCreatesNoArray() {
        try (Executor e = new Executor(aliasing(), FastKernels.registry(), 21, 1)) {
            e.run(input(1));
            long first = e.arraysCreated();
            e.run(input(2));
            // the two outputs were handed to the caller; everything else was recycled
            assertEquals(first + 2, e.arraysCreated());
        }
    }

    @Test
    void recycledOutputsAreReusedAndTheRunsStayCorrect() {
        try (Executor e = new Executor(aliasing(), FastKernels.registry(), 21, 1)) {
            e.recycle(e.run(input(1)));
            long first = e.arraysCreated();
            for (long seed = 2; seed <= 4; seed++) {
                Map<String, Tensor> in = input(seed);
                Map<String, Tensor> out = e.run(in);
                Map<String, Tensor> ref = fresh(in);
                assertArrayEquals(ref.get("y").floats(), out.get("y").floats(), "y, run " + seed);
                assertArrayEquals(ref.get("z").floats(), out.get("z").floats(), "z, run " + seed);
                e.recycle(out);
                // the recycled outputs met this run's requests: no array was created
                assertEquals(first, e.arraysCreated(), "arrays created by run " + seed);
            }
        }
    }

    @Test
    void recyclingLeavesInputsConstantsAndEarlierRunsAlone() {
        // y = x (an input passed through), c = a constant, z = Relu(x)
        List<Node> nodes = List.of(Node.builder("Identity").name("id").inputs("x").outputs("y").build(),
                Node.builder("Identity").name("k").inputs("two").outputs("c").build(),
                Node.builder("Relu").name("relu").inputs("x").outputs("z").build());
        Graph g = new Graph("pass", nodes, List.of(new ValueInfo("x", TensorType.of(DType.FLOAT, 1, 4, 8, 8))),
                List.of(new ValueInfo("y", TensorType.UNKNOWN), new ValueInfo("c", TensorType.UNKNOWN),
                        new ValueInfo("z", TensorType.UNKNOWN)),
                Map.of("two", Tensor.ofFloats(new int[] {1}, 2f)), Map.of());
        try (Executor e = new Executor(g, FastKernels.registry(), 21, 1)) {
            Map<String, Tensor> in = input(1);
            float[] x = in.get("x").floats().clone();
            Map<String, Tensor> first = e.run(in);
            float[] z1 = first.get("z").floats().clone();
            Map<String, Tensor> second = e.run(input(2));
            e.recycle(first);
            e.recycle(second);
            e.run(input(3));
            assertArrayEquals(x, in.get("x").floats(), "the input");
            assertArrayEquals(new float[] {2f}, e.run(input(4)).get("c").floats(), "the constant");
            assertArrayEquals(z1, first.get("z").floats(), "an output of an earlier run, recycled late");
        }
    }

    @Test
    void outputsAndKeptTensorsAreNeverOverwritten() {
        try (Executor e = new Executor(aliasing(), FastKernels.registry(), 21, 1)) {
            Map<String, Tensor> in1 = input(1);
            Map<String, Tensor> first = e.run(in1);
            float[] y1 = first.get("y").floats().clone();
            List<Tensor> kept = new ArrayList<>();
            List<float[]> seen = new ArrayList<>();
            e.run(input(2), (producer, name, value) -> {
                kept.add(value);
                seen.add(value.floats().clone());
            });
            e.run(input(3));
            assertArrayEquals(y1, first.get("y").floats(), "first run's output after later runs");
            for (int i = 0; i < kept.size(); i++) {
                assertArrayEquals(seen.get(i), kept.get(i).floats(), "kept tensor " + i);
            }
        }
    }

    @Test
    void aListenerThatDoesNotKeepTensorsLetsArraysBeRecycled() {
        try (Executor e = new Executor(aliasing(), FastKernels.registry(), 21, 1)) {
            e.run(input(1));
            long first = e.arraysCreated();
            List<String> names = new ArrayList<>();
            e.run(input(2), new TensorListener() {
                @Override
                public void onTensor(Node producer, String name, Tensor value) {
                    names.add(name);
                }

                @Override
                public boolean keepsTensors() {
                    return false;
                }
            });
            assertEquals(first + 2, e.arraysCreated());
            assertEquals(List.of("x", "a", "v", "s", "w", "y", "z"), names);
        }
    }

    /** A listener that keeps nothing but retains a: a's array outlives its last reader until released. */
    @Test
    void aRetainedTensorIsNotOverwrittenUntilReleasedAndItsArrayIsThenReused() {
        try (Executor e = new Executor(aliasing(), FastKernels.registry(), 21, 1)) {
            Map<String, Tensor> in = input(1);
            List<Tensor> retained = new ArrayList<>();
            TensorListener retainA = new TensorListener() {
                @Override
                public void onTensor(Node producer, String name, Tensor value) {
                    if (name.equals("a")) {
                        retained.add(value);
                        e.retain(value);
                    }
                }

                @Override
                public boolean keepsTensors() {
                    return false;
                }
            };
            Executor.Run run = e.start(in, retainA);
            run.finish();
            Tensor a = retained.get(0);
            float[] expected = a.floats().clone();
            float[] relu = new float[expected.length];
            float[] x = in.get("x").floats();
            for (int i = 0; i < x.length; i++) {
                relu[i] = Math.max(0, x[i]);
            }
            // a's last reader ran long ago; retained, its array was not handed to a later node
            assertArrayEquals(relu, expected, "retained a after the run");
            long created = e.arraysCreated();
            e.release(a);
            Map<String, Tensor> again = e.start(input(2), retainA).finish();
            assertEquals(created + 2, e.arraysCreated(), "second run: only the two outputs are new");
            e.release(retained.get(1));
            Map<String, Tensor> ref2 = fresh(input(2));
            assertArrayEquals(ref2.get("y").floats(), again.get("y").floats());
            assertArrayEquals(ref2.get("z").floats(), again.get("z").floats());
        }
    }
}
