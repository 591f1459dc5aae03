package qmap.target;

import java.util.List;

/** Facts of sliding-window ops (Conv, ConvTranspose, pools): kernel, strides, dilations, pads, groups. */
final class WindowFacts {
    private WindowFacts() {
    }

    static final List<Fact> ALL = List.of(
            Fact.of("kernel_h", "kernel H", f -> kernel(f)[0]),
            Fact.of("kernel_w", "kernel W", f -> kernel(f)[1]),
            Fact.of("kernel_area", "kernel H*W", f -> kernel(f)[0] * kernel(f)[1]),
            Fact.of("stride_h", "stride H", f -> ints(f, "strides", 1)[0]),
            Fact.of("stride_w", "stride W", f -> ints(f, "strides", 1)[1]),
            Fact.of("stride_max", "largest stride", f -> Math.max(ints(f, "strides", 1)[0], ints(f, "strides", 1)[1])),
            Fact.of("stride_h_le_w", "stride H <= stride W", List.of("stride_h", "stride_w"),
                    f -> ints(f, "strides", 1)[0] <= ints(f, "strides", 1)[1]),
            Fact.of("dilation_h", "dilation H", f -> ints(f, "dilations", 1)[0]),
            Fact.of("dilation_w", "dilation W", f -> ints(f, "dilations", 1)[1]),
            Fact.of("dilation_max", "largest dilation", f -> Math.max(ints(f, "dilations", 1)[0],
                    ints(f, "dilations", 1)[1])),
            Fact.of("dilation_pow2", "dilations are powers of 2", List.of("dilation_h", "dilation_w"),
                    f -> isPow2(ints(f, "dilations", 1)[0]) && isPow2(ints(f, "dilations", 1)[1])),
            Fact.of("dilation_h_le_w", "dilation H <= dilation W", List.of("dilation_h", "dilation_w"),
                    f -> ints(f, "dilations", 1)[0] <= ints(f, "dilations", 1)[1]),
            Fact.of("dilation_divisible_by_stride", "each dilation > 1 is divisible by its stride",
                    List.of("dilation_h", "dilation_w", "stride_h", "stride_w"), WindowFacts::dilationDivisible),
            Fact.of("pad_h_max", "pad H", f -> Math.max(pads(f)[0], pads(f)[2])),
            Fact.of("pad_w_max", "pad W", f -> Math.max(pads(f)[1], pads(f)[3])),
            Fact.of("pad_max", "largest pad", f -> max(pads(f))),
            Fact.of("pad_min", "smallest pad", f -> min(pads(f))),
            Fact.of("half_kernel_h", "(kernel H - 1)/2", f -> (kernel(f)[0] - 1) / 2),
            Fact.of("half_kernel_w", "(kernel W - 1)/2", f -> (kernel(f)[1] - 1) / 2),
            Fact.of("output_padding_max", "largest output_padding", f -> max(ints(f, "output_padding", 0))),
            Fact.of("group", "group", f -> f.node().attrInt("group", 1)),
            Fact.of("grouped_undilated", "grouped or depthwise with dilation 1", List.of("group", "dilation_max"),
                    f -> f.node().attrInt("group", 1) > 1 && max(ints(f, "dilations", 1)) == 1),
            Fact.of("channels_per_group", "input channels per group C/g", f -> channels(f) / group(f)),
            Fact.of("output_channels", "output channels M", f -> outputChannelsOf(f)),
            Fact.of("out_channels_per_group", "output channels per group M/g",
                    f -> outputChannelsOf(f) / group(f)),
            Fact.of("kernel_volume", "kernel H*W*C/g",
                    f -> kernel(f)[0] * kernel(f)[1] * (channels(f) / group(f))));

    private static long group(NodeFacts f) {
        return Math.max(1, f.node().attrInt("group", 1));
    }

    private static long channels(NodeFacts f) {
        return f.dims(0)[1];
    }

    private static boolean isConvLike(NodeFacts f) {
        String op = f.node().opType();
        return op.equals("Conv") || op.equals("ConvTranspose");
    }

    /** [kH, kW]: the kernel_shape attribute, else the weight's spatial dims. */
    static long[] kernel(NodeFacts f) {
        long[] k = f.node().attrInts("kernel_shape", null);
        if (k == null && isConvLike(f)) {
            int[] w = f.dims(1);
            k = new long[w.length - 2];
            for (int i = 2; i < w.length; i++) {
                k[i - 2] = w[i];
            }
        }
        if (k == null) {
            throw new UnknownFact(f.node().opType() + " has no kernel_shape");
        }
        return twoD(k, "kernel");
    }

    /** A per-spatial-axis attribute (strides, dilations) as [h, w], default {@code dflt}. */
    static long[] ints(NodeFacts f, String attr, long dflt) {
        long[] v = f.node().attrInts(attr, null);
        return v == null ? new long[] {dflt, dflt} : twoD(v, attr);
    }

    /** [top, left, bottom, right], resolving auto_pad from the input shape when needed. */
    static long[] pads(NodeFacts f) {
        String autoPad = f.node().attrString("auto_pad", "NOTSET");
        if (autoPad.startsWith("SAME")) {
            return samePads(f, autoPad.equals("SAME_LOWER"));
        }
        long[] p = f.node().attrInts("pads", null);
        if (p == null || autoPad.equals("VALID")) {
            return new long[4];
        }
        if (p.length != 4) {
            throw new UnknownFact("pads has " + p.length + " values, not 4 (2-D window)");
        }
        return p;
    }

    private static long[] samePads(NodeFacts f, boolean lower) {
        int[] in = f.dims4(0);
        long[] k = kernel(f);
        long[] s = ints(f, "strides", 1);
        long[] d = ints(f, "dilations", 1);
        long[] p = new long[4];
        for (int a = 0; a < 2; a++) {
            long out = (in[2 + a] + s[a] - 1) / s[a];
            long total = Math.max(0, (out - 1) * s[a] + (k[a] - 1) * d[a] + 1 - in[2 + a]);
            p[a] = lower ? total - total / 2 : total / 2;
            p[a + 2] = total - p[a];
        }
        return p;
    }

    private static long outputChannelsOf(NodeFacts f) {
        return switch (f.node().opType()) {
            case "Conv" -> f.dims(1)[0];
            case "ConvTranspose" -> (long) f.dims(1)[1] * group(f);
            default -> f.outputDims(0)[1];
        };
    }

    private static Object dilationDivisible(NodeFacts f) {
        long[] d = ints(f, "dilations", 1);
        long[] s = ints(f, "strides", 1);
        return (d[0] == 1 || d[0] % s[0] == 0) && (d[1] == 1 || d[1] % s[1] == 0);
    }

    private static long[] twoD(long[] v, String what) {
        if (v.length != 2) {
            throw new UnknownFact(what + " has " + v.length + " spatial values, not 2 (2-D window)");
        }
        return v;
    }

    static boolean isPow2(long v) {
        return v > 0 && (v & (v - 1)) == 0;
    }

    static long max(long[] v) {
        long m = Long.MIN_VALUE;
        for (long x : v) {
            m = Math.max(m, x);
        }
        return v.length == 0 ? 0 : m;
    }

    static long min(long[] v) {
        long m = Long.MAX_VALUE;
        for (long x : v) {
            m = Math.min(m, x);
        }
        return v.length == 0 ? 0 : m;
    }
}
