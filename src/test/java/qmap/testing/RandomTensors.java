package qmap.testing;

import java.util.Random;
import qmap.ir.Tensor;

/** Seeded random float tensors for tests. */
public final class RandomTensors {
    private RandomTensors() {
    }

    /** A float32 tensor of normally distributed values with standard deviation {@code sigma}. */
    public static Tensor gaussian(Random rnd, double sigma, int... shape) {
        int n = 1;
        for (int d : shape) {
            n *= d;
        }
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = (float) (rnd.nextGaussian() * sigma);
        }
        return Tensor.ofFloats(shape, v);
    }
}
