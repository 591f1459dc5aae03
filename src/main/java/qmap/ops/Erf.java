package qmap.ops;

import qmap.ir.Node;

/** Erf: the Gauss error function. */
public final class Erf extends ElementwiseUnary {
    /** Beyond this |x|, erf(x) rounds to ±1 in double (erfc(6) is about 2e-17). */
    private static final double SATURATION = 6;
    private static final int MAX_TERMS = 256;
    /** 2 / (2n + 1): the ratio of consecutive series terms, divided by x^2. */
    private static final double[] RATIO = new double[MAX_TERMS];
    private static final double TWO_OVER_SQRT_PI = 2 / Math.sqrt(Math.PI);

    static {
        for (int n = 0; n < MAX_TERMS; n++) {
            RATIO[n] = 2.0 / (2 * n + 1);
        }
    }

    @Override
    protected double apply(Node node, double x) {
        return erf(x);
    }

    /**
     * erf(x) = 2/sqrt(pi) * e^(-x^2) * sum_n 2^n x^(2n+1) / (1*3*...*(2n+1)). Every term is
     * positive, so nothing cancels and the sum is good to a few ulps for |x| below 6; at 6 the
     * terms are done after about 150.
     */
    static double erf(double x) {
        double ax = Math.abs(x);
        if (!(ax < SATURATION)) {
            return Double.isNaN(x) ? x : Math.copySign(1.0, x);
        }
        double x2 = ax * ax;
        double term = ax;
        double sum = ax;
        for (int n = 1; n < MAX_TERMS && term > sum * 1e-17; n++) {
            term *= x2 * RATIO[n];
            sum += term;
        }
        return Math.copySign(Math.min(1.0, TWO_OVER_SQRT_PI * Math.exp(-x2) * sum), x);
    }
}
