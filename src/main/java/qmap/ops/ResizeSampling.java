package qmap.ops;

import java.util.Arrays;

/**
 * How one axis of a linear or cubic Resize reads its input: for each output index a fixed
 * number of taps (input indices, clamped to the edge) with weights, or a flag that the point
 * lies outside the crop (tf_crop_and_resize) and takes the extrapolation value.
 *
 * <p>For a source coordinate c, let base = ceil(c) - 1 and r = c - base, so r is in (0, 1]
 * and an integral c is read from the right-hand tap, as the ONNX reference does. Tap i reads
 * input base + i with weight kernel((i - r) * s), where s is 1, or min(scale, 1) when
 * antialiasing widens the kernel for downscaling (weights then normalized to sum 1).
 */
final class ResizeSampling {
    final int taps;
    final int[] index;
    final double[] weight;
    final boolean[] outside;

    private ResizeSampling(int taps, int outLength) {
        this.taps = taps;
        this.index = new int[outLength * taps];
        this.weight = new double[outLength * taps];
        this.outside = new boolean[outLength];
    }

    /** The interpolation kernel: its support radius and its value at distance d. */
    interface Kernel {
        int radius();

        double at(double d);
    }

    static Kernel linear() {
        return new Kernel() {
            public int radius() {
                return 1;
            }

            public double at(double d) {
                return Math.max(0, 1 - Math.abs(d));
            }
        };
    }

    /** Keys' cubic convolution kernel with coefficient {@code a} (cubic_coeff_a). */
    static Kernel cubic(double a) {
        return new Kernel() {
            public int radius() {
                return 2;
            }

            public double at(double d) {
                double x = Math.abs(d);
                if (x <= 1) {
                    return ((a + 2) * x - (a + 3)) * x * x + 1;
                }
                return x < 2 ? ((a * x - 5 * a) * x + 8 * a) * x - 4 * a : 0;
            }
        };
    }

    static ResizeSampling of(Kernel kernel, boolean antialias, boolean excludeOutside,
                             CoordinateTransformation transform, float scale, int outLength, int inLength,
                             float roiStart, float roiEnd) {
        double s = antialias ? Math.min(scale, 1.0) : 1.0;
        int lo = (int) Math.floor(-kernel.radius() / s) + 1;
        int taps = 2 - 2 * lo;
        ResizeSampling table = new ResizeSampling(taps, outLength);
        for (int x = 0; x < outLength; x++) {
            float c = transform.source(x, scale, outLength, inLength, roiStart, roiEnd);
            if (transform == CoordinateTransformation.TF_CROP_AND_RESIZE && (c < 0 || c > inLength - 1)) {
                table.outside[x] = true;
                continue;
            }
            if (kernel.radius() == 1 && !antialias) {
                table.bilinear(x, c, inLength);
                continue;
            }
            long base = (long) Math.ceil(c) - 1;
            double r = c - base;
            double sum = 0;
            for (int k = 0; k < taps; k++) {
                long at = base + lo + k;
                double w = kernel.at((lo + k - r) * s);
                if (excludeOutside && (at < 0 || at >= inLength)) {
                    w = 0;
                }
                table.index[x * taps + k] = (int) Math.max(0, Math.min(inLength - 1, at));
                table.weight[x * taps + k] = w;
                sum += w;
            }
            if ((antialias || excludeOutside) && sum != 0) {
                for (int k = 0; k < taps; k++) {
                    table.weight[x * taps + k] /= sum;
                }
            }
        }
        return table;
    }

    /**
     * Plain linear taps exactly as ONNX Runtime computes them in float32: the coordinate clamped
     * into the input, the two neighbours, and weights |c - x2| and |c - x1| (one half each at
     * the edge). Integer outputs truncate, so the last float bit decides the value.
     */
    private void bilinear(int x, float c, int inLength) {
        float clamped = Math.max(0f, Math.min(c, inLength - 1));
        int x1 = Math.min((int) clamped, inLength - 1);
        int x2 = Math.min(x1 + 1, inLength - 1);
        index[2 * x] = x1;
        index[2 * x + 1] = x2;
        weight[2 * x] = x1 == x2 ? 0.5f : Math.abs(clamped - x2);
        weight[2 * x + 1] = x1 == x2 ? 0.5f : Math.abs(clamped - x1);
    }

    /**
     * Resamples {@code data} of {@code shape} along {@code axis} to {@code outLength}. With
     * {@code float32} every product and sum is rounded to float, as ONNX Runtime computes.
     */
    double[] apply(double[] data, int[] shape, int axis, int outLength, double extrapolation, boolean float32) {
        int inLength = shape[axis];
        int inner = 1;
        for (int d = axis + 1; d < shape.length; d++) {
            inner *= shape[d];
        }
        int outer = 1;
        for (int d = 0; d < axis; d++) {
            outer *= shape[d];
        }
        double[] out = new double[outer * outLength * inner];
        for (int o = 0; o < outer; o++) {
            for (int x = 0; x < outLength; x++) {
                int to = (o * outLength + x) * inner;
                if (outside[x]) {
                    Arrays.fill(out, to, to + inner, extrapolation);
                    continue;
                }
                for (int k = 0; k < taps; k++) {
                    double w = weight[x * taps + k];
                    if (w == 0) {
                        continue;
                    }
                    int from = (o * inLength + index[x * taps + k]) * inner;
                    if (float32) {
                        for (int i = 0; i < inner; i++) {
                            out[to + i] = (float) (out[to + i] + (float) (w * data[from + i]));
                        }
                    } else {
                        for (int i = 0; i < inner; i++) {
                            out[to + i] += w * data[from + i];
                        }
                    }
                }
            }
        }
        return out;
    }
}
