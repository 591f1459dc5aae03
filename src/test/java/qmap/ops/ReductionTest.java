package qmap.ops;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import qmap.ir.Attribute;
import qmap.ir.DType;
import qmap.ir.Node;
import qmap.ir.Tensor;
import qmap.ir.TensorType;

class ReductionTest {
    private static final Tensor ROWS = Tensor.ofFloats(new int[] {2, 3}, 1, 2, 3, 4, 5, 6);

    private static Node node(String op, long keepdims, long noop) {
        return Node.builder(op).name("r").inputs("x", "axes").outputs("y")
                .attr("keepdims", Attribute.ofInt(keepdims)).attr("noop_with_empty_axes", Attribute.ofInt(noop)).build();
    }

    private static Tensor axes(long... a) {
        return Tensor.ofLongs(new int[] {a.length}, a);
    }

    @Test
    void meanOverOneAxisDropsIt() {
        Tensor y = new ReduceMean().run(node("ReduceMean", 0, 0), new Tensor[] {ROWS, axes(-1)})[0];
        assertArrayEquals(new int[] {2}, y.shape());
        assertArrayEquals(new float[] {2, 5}, y.floats());
    }

    @Test
    void absentAxesReduceEverythingUnlessNoop() {
        Tensor all = new ReduceSum().run(node("ReduceSum", 1, 0), new Tensor[] {ROWS, null})[0];
        assertArrayEquals(new int[] {1, 1}, all.shape());
        assertArrayEquals(new float[] {21}, all.floats());
        Tensor same = new ReduceSum().run(node("ReduceSum", 1, 1), new Tensor[] {ROWS, axes()})[0];
        assertArrayEquals(ROWS.floats(), same.floats());
        // Reducing over no axes still applies the per-element part, as the ONNX reference does.
        Tensor squares = new ReduceSumSquare().run(node("ReduceSumSquare", 1, 1), new Tensor[] {ROWS, null})[0];
        assertArrayEquals(new float[] {1, 4, 9, 16, 25, 36}, squares.floats());
    }

    @Test
    void emptySetGivesTheIdentityOfTheFold() {
        Tensor empty = Tensor.ofFloats(new int[] {2, 0});
        Tensor max = new ReduceMax().run(node("ReduceMax", 1, 0), new Tensor[] {empty, axes(1)})[0];
        assertArrayEquals(new int[] {2, 1}, max.shape());
        assertArrayEquals(new float[] {Float.NEGATIVE_INFINITY, Float.NEGATIVE_INFINITY}, max.floats());
        Tensor emptyInts = Tensor.of(DType.INT32, new int[] {0, 3}, new long[0]);
        Tensor min = new ReduceMin().run(node("ReduceMin", 0, 0), new Tensor[] {emptyInts, axes(0)})[0];
        assertArrayEquals(new long[] {Integer.MAX_VALUE, Integer.MAX_VALUE, Integer.MAX_VALUE}, min.longs());
        Tensor prod = new ReduceProd().run(node("ReduceProd", 0, 0), new Tensor[] {empty, axes(1)})[0];
        assertArrayEquals(new float[] {1, 1}, prod.floats());
    }

    @Test
    void integerFoldsStayInteger() {
        Tensor x = Tensor.of(DType.INT32, new int[] {2, 2}, new long[] {-3, 0, 7, 2});
        Tensor mean = new ReduceMean().run(node("ReduceMean", 0, 0), new Tensor[] {x, axes(1)})[0];
        assertArrayEquals(new long[] {-1, 4}, mean.longs()); // -1.5 and 4.5 truncate toward zero
        Tensor u = Tensor.of(DType.UINT64, new int[] {2}, new long[] {1, -1});
        assertArrayEquals(new long[] {-1}, new ReduceMax().run(node("ReduceMax", 0, 0), new Tensor[] {u, null})[0].longs());
        assertArrayEquals(new long[] {1}, new ReduceMin().run(node("ReduceMin", 0, 0), new Tensor[] {u, null})[0].longs());
    }

    @Test
    void logSumExpDoesNotOverflow() {
        Tensor x = Tensor.of(DType.DOUBLE, new int[] {2}, new double[] {1000, 1000});
        Tensor y = new ReduceLogSumExp().run(node("ReduceLogSumExp", 0, 0), new Tensor[] {x, null})[0];
        assertEquals(1000 + Math.log(2), y.doubles()[0], 1e-12);
    }

    @Test
    void inferenceFollowsAxesAndKeepdims() {
        TensorType in = TensorType.of(DType.FLOAT, -1, 3, 4);
        TensorType known = new ReduceMean().infer(node("ReduceMean", 0, 0), new TensorType[] {in, TensorType.of(DType.INT64, 1)},
                new Tensor[] {null, axes(1)})[0];
        assertArrayEquals(new int[] {-1, 4}, known.dims());
        TensorType unknownAxes = new ReduceMean().infer(node("ReduceMean", 1, 0),
                new TensorType[] {in, TensorType.of(DType.INT64, 1)}, new Tensor[] {null, null})[0];
        assertArrayEquals(new int[] {-1, -1, -1}, unknownAxes.dims());
    }
}
