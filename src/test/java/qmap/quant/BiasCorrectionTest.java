package qmap.quant;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import qmap.ir.DType;
import qmap.ir.Graph;
import qmap.ir.Node;
import qmap.ir.Tensor;
import qmap.ir.TensorType;
import qmap.ir.ValueInfo;

class BiasCorrectionTest {
    /** x [1,1,1,3] -> Conv 1x1 (2 output channels, weights 1 and 2, bias 0.25 and -1) -> y [1,2,1,3]. */
    private static Graph conv() {
        Map<String, TensorType> types = new LinkedHashMap<>();
        types.put("x", TensorType.of(DType.FLOAT, 1, 1, 1, 3));
        types.put("y", TensorType.of(DType.FLOAT, 1, 2, 1, 3));
        return new Graph("bc", List.of(Node.builder("Conv").name("conv").inputs("x", "w", "b").outputs("y").build()),
                List.of(new ValueInfo("x", types.get("x"))), List.of(new ValueInfo("y", types.get("y"))),
                Map.of("w", Tensor.ofFloats(new int[] {2, 1, 1, 1}, 1f, 2f),
                        "b", Tensor.ofFloats(new int[] {2}, 0.25f, -1f)), types);
    }

    /** x quantized with threshold 4 (int8, scale 4/127); weights exact (one code per channel: 127). */
    private static QuantPlan plan() {
        return new QuantPlan(Map.of("x", new ActivationQuant("x", DType.INT8, 4.0, "test", 0)),
                Map.of("w", new WeightQuant("w", DType.INT8, 0, new float[] {1f / 127, 2f / 127})), Map.of());
    }

    @Test
    void subtractsTheMeanErrorOfClippedInputsPerChannel() {
        // by hand: fake-quant of 0.5 is 16 * 4/127, of 1.0 is 32 * 4/127, of 8.0 is 4 (clipped);
        // the mean input error over the 3 positions, times each channel's weight, is the shift
        double s = 4.0 / 127;
        double meanErr = ((16 * s - 0.5) + (32 * s - 1.0) + (4 - 8.0)) / 3;
        Map<String, Tensor> sample = Map.of("x", Tensor.ofFloats(new int[] {1, 1, 1, 3}, 0.5f, 1.0f, 8.0f));
        BiasCorrection.Result r = BiasCorrection.apply(conv(), plan(), n -> true, List.of(sample), 1);
        float[] delta = r.deltas().get("b");
        assertEquals(meanErr * 1, delta[0], 1e-6);
        assertEquals(meanErr * 2, delta[1], 1e-6);
        assertArrayEquals(new float[] {(float) (0.25 - meanErr), (float) (-1 - 2 * meanErr)},
                r.biases().get("b").toFloats(), 1e-6f);
    }

    @Test
    void averagesOverSamplesAndLeavesCpuNodesAlone() {
        double s = 4.0 / 127;
        Map<String, Tensor> a = Map.of("x", Tensor.ofFloats(new int[] {1, 1, 1, 3}, 0.5f, 1.0f, 8.0f));
        Map<String, Tensor> b = Map.of("x", Tensor.ofFloats(new int[] {1, 1, 1, 3}, 2f, 2f, 2f));
        // 2.0 is exactly code 63.5 -> rint rounds half to even: 64 * 4/127
        double meanErr = ((16 * s - 0.5) + (32 * s - 1.0) + (4 - 8.0) + 3 * (64 * s - 2.0)) / 6;
        BiasCorrection.Result r = BiasCorrection.apply(conv(), plan(), n -> true, List.of(a, b), 2);
        assertEquals(meanErr, r.deltas().get("b")[0], 1e-6);
        BiasCorrection.Result cpu = BiasCorrection.apply(conv(), plan(), n -> false, List.of(a, b), 1);
        assertFalse(cpu.deltas().containsKey("b"));
        assertTrue(cpu.biases().isEmpty());
    }
}
