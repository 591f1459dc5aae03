package qmap.quant.integer;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Random;
import java.util.concurrent.ForkJoinPool;
import java.util.function.LongBinaryOperator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import qmap.ir.Attribute;
import qmap.ir.DType;
import qmap.ir.Node;
import qmap.ir.Tensor;
import qmap.ops.Workspace;

/**
 * QAdd's vector path for same-shape 8-bit operands against its scalar arithmetic (the function
 * the look-up table is made of), over random scales, zero points, types, signs and clamp ranges,
 * at lengths around the vector width.
 */
class QAddSameShapeTest {
    private static final ForkJoinPool POOL = new ForkJoinPool(1);
    private static final Workspace TWO_THREADS = Workspace.of(POOL);

    @AfterAll
    static void stopPool() {
        POOL.shutdown();
    }

    @Test
    void vectorPathGivesTheScalarArithmeticsBits() {
        Random r = new Random(5);
        QAdd add = new QAdd();
        for (int trial = 0; trial < 300; trial++) {
            DType ta = r.nextBoolean() ? DType.INT8 : DType.UINT8;
            DType tb = r.nextBoolean() ? DType.INT8 : DType.UINT8;
            DType ty = r.nextBoolean() ? DType.INT8 : DType.UINT8;
            long zpY = ty == DType.INT8 ? r.nextInt(41) - 20 : r.nextInt(256);
            Node.Builder b = Node.builder("QAdd").domain(IntegerOps.DOMAIN).name("add").inputs("a", "b").outputs("y")
                    .attr("a_scale", Attribute.ofFloat((float) Math.exp(r.nextGaussian())))
                    .attr("b_scale", Attribute.ofFloat((float) Math.exp(r.nextGaussian())))
                    .attr("y_scale", Attribute.ofFloat((float) Math.exp(r.nextGaussian())))
                    .attr("a_zero_point", Attribute.ofInt(ta == DType.INT8 ? r.nextInt(21) - 10 : r.nextInt(256)))
                    .attr("b_zero_point", Attribute.ofInt(tb == DType.INT8 ? r.nextInt(21) - 10 : r.nextInt(256)))
                    .attr("y_zero_point", Attribute.ofInt(zpY))
                    .attr("y_type", Attribute.ofInt(ty.onnxCode()));
            if (r.nextBoolean()) {
                b.attr("b_sign", Attribute.ofInt(-1));
            }
            if (r.nextInt(3) == 0) {
                b.attr("y_min", Attribute.ofInt(zpY)); // a fused Relu
            }
            Node node = b.build();
            // the last trials are long enough for several parallel pieces (64 K elements each)
            int n = trial >= 295 ? 140_000 + r.nextInt(1000) : 1 + r.nextInt(trial < 100 ? 20 : 300);
            byte[] av = new byte[n];
            byte[] bv = new byte[n];
            r.nextBytes(av);
            r.nextBytes(bv);
            int[] shape = {1, n};
            Tensor y = add.run(node, new Tensor[] {Tensor.ofBytes(ta, shape, av), Tensor.ofBytes(tb, shape, bv)},
                    trial % 2 == 0 ? Workspace.SERIAL : TWO_THREADS)[0];
            LongBinaryOperator f = QAdd.sum(node, false);
            long[] got = y.longs();
            for (int i = 0; i < n; i++) {
                long xa = ta == DType.UINT8 ? av[i] & 0xFF : av[i];
                long xb = tb == DType.UINT8 ? bv[i] & 0xFF : bv[i];
                assertEquals(f.applyAsLong(xa, xb), got[i], "trial " + trial + " element " + i + " of " + n);
            }
        }
    }
}
