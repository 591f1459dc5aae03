package qmap.quant.integer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Random;
import java.util.concurrent.ForkJoinPool;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import qmap.ir.Attribute;
import qmap.ir.DType;
import qmap.ir.Node;
import qmap.ir.Tensor;
import qmap.ops.DequantizeLinear;
import qmap.ops.QuantizeLinear;

/**
 * The fast paths of the elementwise integer kernels give what the plain paths give: QAdd / QMul
 * looked up in their 8-bit pair tables against the same nodes computed element by element (the
 * operands widened to int16, which takes the arithmetic path), over broadcasts and zero points;
 * Quantize / Dequantize against the ONNX reference ops, ties and extremes included.
 */
class ElementwisePathsTest {
    private static final ForkJoinPool POOL = new ForkJoinPool(2);
    private final Random rnd = new Random(23);

    private Tensor random(DType type, int... shape) {
        int n = 1;
        for (int d : shape) {
            n *= d;
        }
        long[] v = new long[n];
        for (int i = 0; i < n; i++) {
            v[i] = type.minValue() + rnd.nextInt((int) (type.maxValue() - type.minValue() + 1));
        }
        return Tensor.of(type, shape, v);
    }

    private static Tensor bytes(Tensor t) {
        long[] v = t.longs();
        byte[] b = new byte[v.length];
        for (int i = 0; i < v.length; i++) {
            b[i] = (byte) v[i];
        }
        return Tensor.ofBytes(t.dtype(), t.shape(), b);
    }

    @AfterAll
    static void stopPool() {
        POOL.shutdown();
    }

    private static Tensor widened(Tensor t) {
        return Tensor.of(DType.INT16, t.shape(), t.longs().clone());
    }

    private static Node node(String op, DType out, long zpA, long zpB, long zpY, String requant, int sign) {
        return Node.builder(op).domain(IntegerOps.DOMAIN).name("n").inputs("a", "b").outputs("y")
                .attr("a_scale", Attribute.ofFloat(0.021f)).attr("a_zero_point", Attribute.ofInt(zpA))
                .attr("b_scale", Attribute.ofFloat(0.037f)).attr("b_zero_point", Attribute.ofInt(zpB))
                .attr("y_scale", Attribute.ofFloat(out == DType.UINT8 ? 0.013f : 0.029f))
                .attr("y_zero_point", Attribute.ofInt(zpY)).attr("y_type", Attribute.ofInt(out.onnxCode()))
                .attr("b_sign", Attribute.ofInt(sign)).attr("requant", Attribute.ofString(requant))
                .attr("multiplier_bits", Attribute.ofInt(requant.equals("float") ? 0 : 24))
                .attr("rounding", Attribute.ofString("half_away_from_zero")).build();
    }

    @Test
    void pairTablesGiveTheArithmeticPathsResults() {
        int[][][] shapes = {
            {{2, 3, 5, 4}, {2, 3, 5, 4}}, {{1, 6, 5, 7}, {1, 6, 1, 1}}, {{1}, {3, 8, 9}}, {{4, 1, 3}, {1, 5, 1}},
            {{1, 6, 1, 1}, {1, 6, 4, 4}}, {{2, 3, 100, 120}, {2, 3, 100, 120}}, {{1, 6, 100, 120}, {1, 6, 1, 1}},
            {{1, 6, 1, 1}, {1, 6, 100, 120}}};
        for (String op : new String[] {"QAdd", "QMul"}) {
            for (String requant : new String[] {"float", "fixed_point"}) {
                for (int[][] s : shapes) {
                    for (DType type : new DType[] {DType.INT8, DType.UINT8}) {
                        long zp = type == DType.UINT8 ? 131 : -3;
                        Tensor a = random(type, s[0]);
                        Tensor b = random(DType.INT8, s[1]);
                        Node n = node(op, type, zp, 2, type == DType.UINT8 ? 128 : 1, requant, op.equals("QAdd") ? -1 : 1);
                        var ops = IntegerOps.operators();
                        Tensor table = ops.get(op).run(n, new Tensor[] {a, b})[0];
                        Tensor plain = ops.get(op).run(n, new Tensor[] {widened(a), widened(b)})[0];
                        String what = op + " " + requant + " " + type + " " + java.util.Arrays.deepToString(s);
                        assertEquals(type, table.dtype(), what);
                        assertArrayEquals(plain.longs(), table.longs(), what);
                        // byte-backed operands (the executor's), serially and in parallel tasks
                        Tensor[] bytes = {bytes(a), bytes(b)};
                        assertArrayEquals(plain.longs(), ops.get(op).run(n, bytes)[0].longs(), what + " bytes");
                        assertArrayEquals(plain.longs(), ops.get(op).run(n, bytes, qmap.ops.Workspace.of(POOL))[0].longs(), what + " bytes (pool)");
                    }
                }
            }
        }
    }

    @Test
    void quantizeAndDequantizeAreTheOnnxOps() {
        float scale = 0.05f;
        float[] x = new float[4000];
        for (int i = 0; i < x.length; i++) {
            int r = i % 4;
            // exact ties (k + 0.5 steps), values past the range, NaN and infinities, random values
            x[i] = r == 0 ? (i / 4 - 500 + 0.5f) * scale : r == 1 ? (float) (rnd.nextGaussian() * 20)
                    : r == 2 ? (float) (rnd.nextGaussian() * 3) : new float[] {Float.NaN, Float.POSITIVE_INFINITY,
                        Float.NEGATIVE_INFINITY, -0f, 1e30f}[i % 5];
        }
        Tensor xt = Tensor.ofFloats(new int[] {x.length}, x);
        for (DType type : new DType[] {DType.INT8, DType.UINT8, DType.INT16}) {
            long zp = type == DType.UINT8 ? 128 : type == DType.INT16 ? -7 : 3;
            Tensor s = Tensor.scalar(scale);
            Tensor z = Tensor.of(type, new int[0], new long[] {zp});
            Node onnxQ = Node.builder("QuantizeLinear").name("q").inputs("x", "s", "z").outputs("y").build();
            Tensor want = new QuantizeLinear().run(onnxQ, new Tensor[] {xt, s, z})[0];
            Node q = Node.builder("Quantize").domain(IntegerOps.DOMAIN).name("q").inputs("x").outputs("y")
                    .attr("y_scale", Attribute.ofFloat(scale)).attr("y_zero_point", Attribute.ofInt(zp))
                    .attr("y_type", Attribute.ofInt(type.onnxCode())).build();
            Tensor got = new Quantize().run(q, new Tensor[] {xt})[0];
            assertEquals(type, got.dtype());
            assertArrayEquals(want.longs(), got.longs(), "Quantize " + type);

            Tensor all = random(type, 3000);
            Node onnxDq = Node.builder("DequantizeLinear").name("dq").inputs("x", "s", "z").outputs("y").build();
            Node dq = Node.builder("Dequantize").domain(IntegerOps.DOMAIN).name("dq").inputs("x").outputs("y")
                    .attr("x_scale", Attribute.ofFloat(scale)).attr("x_zero_point", Attribute.ofInt(zp)).build();
            assertArrayEquals(new DequantizeLinear().run(onnxDq, new Tensor[] {all, s, z})[0].floats(),
                    new Dequantize().run(dq, new Tensor[] {all})[0].floats(), "Dequantize " + type);
        }
    }
}
