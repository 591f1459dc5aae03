package qmap.calib;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import qmap.ir.Tensor;

class WeightQuantizerTest {
    @Test
    void convWeightsGetOneScalePerOutputChannel() {
        // [3 out, 1 in, 2, 2]; channel 1 is all zero and takes the smallest other threshold (1.27)
        Tensor w = Tensor.ofFloats(new int[] {3, 1, 2, 2},
                0.5f, -2.54f, 1f, 0f,
                0f, 0f, 0f, 0f,
                1.27f, -0.1f, 0.2f, 0.3f);
        float[] scales = new WeightQuantizer(127).perChannelScales(w, 0);
        assertArrayEquals(new float[] {0.02f, 0.01f, 0.01f}, scales, 1e-9f);
        assertEquals(2.54f, (float) new WeightQuantizer(127).perTensor(w).threshold());
    }

    @Test
    void axisOneOfAMatrixIsItsColumns() {
        // Gemm B without transB is [K, N]: output channels are columns
        Tensor w = Tensor.ofFloats(new int[] {2, 3}, 1f, -6f, 0.5f, -2f, 3f, 0.25f);
        float[] scales = new WeightQuantizer(32767).perChannelScales(w, -1);
        assertArrayEquals(new float[] {2f / 32767, 6f / 32767, 0.5f / 32767}, scales, 1e-12f);
    }

    @Test
    void allZeroWeightsGetThresholdOne() {
        Tensor w = Tensor.ofFloats(new int[] {2, 2}, 0f, 0f, 0f, 0f);
        SymmetricScale[] s = new WeightQuantizer(127).perChannel(w, 0);
        assertEquals(1.0, s[0].threshold());
        assertEquals(1.0, s[1].threshold());
    }
}
