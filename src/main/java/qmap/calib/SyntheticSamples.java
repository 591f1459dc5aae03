package qmap.calib;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import qmap.ir.Shapes;
import qmap.ir.Tensor;

/**
 * Seeded random samples for calibration_type 'skip' (no calibration data: the model is built to
 * check placement and latency, not accuracy): uniform pixels 0..255 for image inputs, standard
 * normal values for feature maps.
 */
public final class SyntheticSamples implements SampleSource {
    /** One input: its name, training shape and whether it holds image pixels. */
    public record Input(String name, int[] shape, boolean image) {
    }

    private final List<Input> inputs;
    private final int count;
    private final long seed;

    public SyntheticSamples(List<Input> inputs, int count, long seed) {
        this.inputs = List.copyOf(inputs);
        this.count = count;
        this.seed = seed;
    }

    @Override
    public int size() {
        return count;
    }

    @Override
    public Map<String, Tensor> sample(int i) {
        Random rnd = new Random(seed * 1_000_003L + i);
        Map<String, Tensor> m = new LinkedHashMap<>();
        for (Input in : inputs) {
            float[] v = new float[Shapes.size(in.shape())];
            for (int k = 0; k < v.length; k++) {
                v[k] = in.image() ? rnd.nextInt(256) : (float) rnd.nextGaussian();
            }
            m.put(in.name(), Tensor.ofFloats(in.shape(), v));
        }
        return m;
    }
}
