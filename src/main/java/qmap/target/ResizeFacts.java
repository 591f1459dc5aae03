package qmap.target;

import java.util.List;

/** Facts of Resize: which dims are scaled, by what factors, with which coordinate mode. */
final class ResizeFacts {
    private ResizeFacts() {
    }

    static final List<Fact> ALL = List.of(
            Fact.of("coordinate_transformation_mode", "coordinate_transformation_mode",
                    f -> f.node().attrString("coordinate_transformation_mode", "half_pixel")),
            Fact.of("resize_only_hw", "only H and W are resized", ResizeFacts::onlyHw),
            Fact.of("resize_factor_h", "resize factor H", f -> factors(f)[0]),
            Fact.of("resize_factor_w", "resize factor W", f -> factors(f)[1]),
            Fact.of("resize_factors_pow2", "resize factors are powers of 2",
                    List.of("resize_factor_h", "resize_factor_w"),
                    f -> pow2(factors(f)[0]) && pow2(factors(f)[1])),
            Fact.of("resize_factor_h_le_w", "resize factor H <= factor W",
                    List.of("resize_factor_h", "resize_factor_w"), f -> factors(f)[0] <= factors(f)[1]),
            Fact.of("resize_factor_max", "largest resize factor (or 1/factor when shrinking)",
                    f -> Math.max(magnitude(factors(f)[0]), magnitude(factors(f)[1]))),
            Fact.of("roi_const", "roi is constant", f -> !f.hasInput(1) || f.isConstant(1)));

    private static Object onlyHw(NodeFacts f) {
        int[] in = f.dims4(0);
        int[] out = f.outputDims(0);
        return out.length == 4 && out[0] == in[0] && out[1] == in[1];
    }

    /** Output/input size along H and W (from the inferred output shape). */
    private static double[] factors(NodeFacts f) {
        int[] in = f.dims4(0);
        int[] out = f.outputDims(0);
        return new double[] {(double) out[2] / in[2], (double) out[3] / in[3]};
    }

    private static double magnitude(double factor) {
        return factor >= 1 ? factor : 1 / factor;
    }

    /** 2^n for an integer n of either sign (a downscale by 1/2^n counts). */
    private static boolean pow2(double factor) {
        double m = magnitude(factor);
        long r = Math.round(m);
        return Math.abs(m - r) < 1e-9 && WindowFacts.isPow2(r);
    }
}
