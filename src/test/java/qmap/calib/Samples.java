package qmap.calib;

import java.util.Random;

/** Deterministic test distributions. */
final class Samples {
    private Samples() {
    }

    /** n standard normal values from java.util.Random(seed) (its Gaussian is specified, so portable). */
    static float[] gaussian(int n, long seed) {
        Random r = new Random(seed);
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = (float) r.nextGaussian();
        }
        return v;
    }

    /** n values evenly spread over (-max, max), alternating sign: a noise-free uniform |x| on (0, max). */
    static float[] uniform(int n, double max) {
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            float a = (float) ((i + 0.5) / n * max);
            v[i] = i % 2 == 0 ? a : -a;
        }
        return v;
    }

    static TensorObserver observe(float[]... batches) {
        TensorObserver o = new TensorObserver();
        for (float[] b : batches) {
            o.observe(b);
        }
        return o;
    }

    /** Upper tail of the standard normal, Q(t) = P(Z > t), by Simpson's rule on [t, t + 14]. */
    static double normalTail(double t) {
        int n = 20000;
        double h = 14.0 / n;
        double s = phi(t) + phi(t + 14);
        for (int i = 1; i < n; i++) {
            s += (i % 2 == 1 ? 4 : 2) * phi(t + i * h);
        }
        return s * h / 3;
    }

    static double phi(double x) {
        return Math.exp(-x * x / 2) / Math.sqrt(2 * Math.PI);
    }
}
