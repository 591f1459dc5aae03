package qmap.quant.integer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import java.util.concurrent.ForkJoinPool;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import qmap.ir.Attribute;
import qmap.ir.DType;
import qmap.ir.Node;
import qmap.ir.Tensor;

/**
 * QConv and QConvTranspose sums, on the float32 kernels where {@link ExactFloatSums} allows and on
 * the integer loops beyond, against a plain long-accumulating convolution written here: every
 * int32 accumulator bit-identical, at the extremes of the int8 range, right below and right above
 * the 2^24 bound, with zero points, groups, strides and pads. The nodes output the raw sums
 * (scales 1, int32 output, a fixed-point multiplier of exactly 1).
 */
class ExactFloatSumsTest {
    private static final ForkJoinPool POOL = new ForkJoinPool(2);
    private final Random rnd = new Random(17);

    @AfterAll
    static void stop() {
        POOL.shutdown();
    }

    /**
     * Values mostly lo (odd products of equal signs, so large sums are odd integers a float32
     * above 2^24 cannot hold), some hi, some anywhere between.
     */
    private Tensor extreme(DType type, long lo, long hi, int... shape) {
        int n = 1;
        for (int d : shape) {
            n *= d;
        }
        long[] v = new long[n];
        for (int i = 0; i < n; i++) {
            int r = rnd.nextInt(20);
            v[i] = r < 18 ? lo : r < 19 ? hi : Math.min(lo, hi) + rnd.nextInt((int) Math.abs(hi - lo) + 1);
        }
        return Tensor.of(type, shape, v);
    }

    private static Node node(String op, int group, int stride, int pad, long xZeroPoint, int kernel) {
        return Node.builder(op).domain(IntegerOps.DOMAIN).name("n").inputs("x", "w").outputs("y")
                .attr("group", Attribute.ofInt(group)).attr("strides", Attribute.ofInts(stride, stride))
                .attr("pads", Attribute.ofInts(pad, pad, pad, pad)).attr("kernel_shape", Attribute.ofInts(kernel, kernel))
                .attr("x_scale", Attribute.ofFloat(1f)).attr("x_zero_point", Attribute.ofInt(xZeroPoint))
                .attr("w_scale", Attribute.ofFloats(1f)).attr("w_zero_point", Attribute.ofInt(0))
                .attr("y_scale", Attribute.ofFloat(1f)).attr("y_zero_point", Attribute.ofInt(0))
                .attr("y_type", Attribute.ofInt(DType.INT32.onnxCode())).attr("requant", Attribute.ofString("fixed_point"))
                .attr("multiplier_bits", Attribute.ofInt(32)).attr("rounding", Attribute.ofString("half_even")).build();
    }

    /** Conv sums in long: y[n][m][oy][ox] = sum over the group's channels and taps. */
    private static long[] conv(Tensor x, long zp, Tensor w, int group, int stride, int pad) {
        int[] xs = x.shape();
        int[] ws = w.shape();
        int c = xs[1];
        int h = xs[2];
        int wd = xs[3];
        int maps = ws[0];
        int gc = ws[1];
        int k = ws[2];
        int oh = (h + 2 * pad - k) / stride + 1;
        int ow = (wd + 2 * pad - k) / stride + 1;
        long[] y = new long[xs[0] * maps * oh * ow];
        for (int n = 0; n < xs[0]; n++) {
            for (int m = 0; m < maps; m++) {
                int g = m / (maps / group);
                for (int oy = 0; oy < oh; oy++) {
                    for (int ox = 0; ox < ow; ox++) {
                        long s = 0;
                        for (int ci = 0; ci < gc; ci++) {
                            for (int ky = 0; ky < k; ky++) {
                                for (int kx = 0; kx < k; kx++) {
                                    int iy = oy * stride - pad + ky;
                                    int ix = ox * stride - pad + kx;
                                    if (iy >= 0 && iy < h && ix >= 0 && ix < wd) {
                                        long xv = x.getLong(((n * c + g * gc + ci) * h + iy) * wd + ix) - zp;
                                        s += xv * w.getLong(((m * gc + ci) * k + ky) * k + kx);
                                    }
                                }
                            }
                        }
                        y[((n * maps + m) * oh + oy) * ow + ox] = s;
                    }
                }
            }
        }
        return y;
    }

    private void checkConv(DType type, long lo, long hi, long zp, int channels, int maps, int group, int k, int stride,
                           int pad, boolean expectFloatPath) {
        Tensor x = extreme(type, lo, hi, 1, channels, 9, 8);
        Tensor w = extreme(DType.INT8, -127, 127, maps, channels / group, k, k);
        long terms = (long) channels / group * k * k;
        assertEquals(expectFloatPath, ExactFloatSums.exact(terms, ExactFloatSums.typeBound(type, zp), 127),
                "the case is on the intended side of the 2^24 bound");
        long[] want = conv(x, zp, w, group, stride, pad);
        Node n = node("QConv", group, stride, pad, zp, k);
        Tensor serial = new QConv().run(n, new Tensor[] {x, w})[0];
        Tensor pooled = new QConv().run(n, new Tensor[] {x, w}, POOL)[0];
        assertArrayEquals(want, serial.longs(), "QConv " + type + " C" + channels + " k" + k + " g" + group);
        assertArrayEquals(want, pooled.longs(), "QConv on two threads");
        if (type.bits() == 8) {
            // byte-backed codes: centered while the kernel copies its input planes or packs its GEMM slices
            long[] v = x.longs();
            byte[] codes = new byte[v.length];
            for (int i = 0; i < v.length; i++) {
                codes[i] = (byte) v[i];
            }
            Tensor xb = Tensor.ofBytes(type, x.shape(), codes);
            assertArrayEquals(want, new QConv().run(n, new Tensor[] {xb, w})[0].longs(), "QConv on byte-backed codes");
            assertArrayEquals(want, new QConv().run(n, new Tensor[] {xb, w}, POOL)[0].longs(),
                    "QConv on byte-backed codes, two threads");
        }
    }

    @Test
    void convSumsAreExactOnBothSidesOfTheBound() {
        // 3 x 3 x 113 = 1017 taps at |x| <= 128, |w| <= 127: 16.53M < 2^24, the float kernel
        checkConv(DType.INT8, -127, 127, 0, 113, 6, 1, 3, 1, 1, true);
        checkConv(DType.INT8, -128, 127, 0, 113, 6, 1, 3, 1, 1, true);
        // 3 x 3 x 200 = 1800 taps: sums up to 26M, beyond the bound, the integer loops
        checkConv(DType.INT8, -127, 127, 0, 200, 5, 1, 3, 2, 0, false);
        // uint8 with zero point 0 reaches 255: 1 x 1 x 1000 taps is beyond the bound, 1 x 1 x 500 at zero point 128 is not
        checkConv(DType.UINT8, 255, 0, 0, 1000, 3, 1, 1, 1, 0, false);
        checkConv(DType.UINT8, 0, 255, 128, 500, 3, 1, 1, 1, 0, true);
        // grouped and depthwise
        checkConv(DType.INT8, -128, 127, 3, 12, 8, 4, 3, 2, 1, true);
        checkConv(DType.INT8, -128, 127, 0, 16, 16, 16, 5, 1, 2, true);
        // strided and grouped dense windows with zero points (the planes read the codes directly)
        checkConv(DType.UINT8, 0, 255, 131, 7, 5, 1, 3, 2, 1, true);
        checkConv(DType.INT8, -128, 127, -3, 6, 9, 3, 3, 1, 0, true);
        // pointwise windows: the GEMM centers the codes as it packs them (72 positions: four whole
        // 16-column tiles and a partial one), int8 with a zero point and grouped
        checkConv(DType.INT8, -128, 127, -5, 24, 10, 2, 1, 1, 0, true);
        // int16 activations: always the integer loops
        checkConv(DType.INT16, -32768, 32767, 0, 4, 4, 1, 3, 1, 1, false);
    }

    @Test
    void convTransposeSumsAreExact() {
        for (int channels : new int[] {24, 1900}) {
            Tensor x = extreme(DType.INT8, -127, 127, 1, channels, 5, 6);
            Tensor w = extreme(DType.INT8, -127, 127, channels, 3, 2, 2);
            boolean floatPath = ExactFloatSums.exact((long) channels * 4, 128, 127);
            assertEquals(channels < 1000, floatPath);
            Node n = node("QConvTranspose", 1, 2, 0, 0, 2);
            long[] got = new QConvTranspose().run(n, new Tensor[] {x, w}, POOL)[0].longs();
            // stride 2, kernel 2, no pads: every output element takes exactly one tap
            int oh = 10;
            int ow = 12;
            long[] want = new long[3 * oh * ow];
            for (int m = 0; m < 3; m++) {
                for (int oy = 0; oy < oh; oy++) {
                    for (int ox = 0; ox < ow; ox++) {
                        long s = 0;
                        for (int c = 0; c < channels; c++) {
                            s += x.getLong((c * 5 + oy / 2) * 6 + ox / 2) * w.getLong(((c * 3 + m) * 2 + oy % 2) * 2 + ox % 2);
                        }
                        want[(m * oh + oy) * ow + ox] = s;
                    }
                }
            }
            assertArrayEquals(want, got, "QConvTranspose C" + channels);
            if (channels < 1000) {
                // int8 codes out: each span requantized in the kernel's scratch and placed at its outputs
                Node n8 = Node.builder("QConvTranspose").domain(IntegerOps.DOMAIN).name("n8").inputs("x", "w")
                        .outputs("y").attributes(n.attributes()).attr("y_scale", Attribute.ofFloat(4000f))
                        .attr("y_type", Attribute.ofInt(DType.INT8.onnxCode())).build();
                Requantizer rq = QConv.requantizer(n8, 3);
                long[] want8 = new long[want.length];
                for (int i = 0; i < want.length; i++) {
                    want8[i] = rq.apply(want[i], 0);
                }
                assertTrue(java.util.Arrays.stream(want8).distinct().count() > 20, "codes of many values, not just the clamps");
                assertArrayEquals(want8, new QConvTranspose().run(n8, new Tensor[] {x, w}, POOL)[0].longs(),
                        "QConvTranspose into int8 codes");
                assertArrayEquals(want8, new QConvTranspose().run(n8, new Tensor[] {x, w})[0].longs(),
                        "QConvTranspose into int8 codes, one thread");
            }
        }
        assertTrue(ExactFloatSums.exact(1032, 128, 127));
        assertFalse(ExactFloatSums.exact(1033, 128, 127));
    }
}
