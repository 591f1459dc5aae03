package qmap.quant;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;
import qmap.ir.Attribute;
import qmap.ir.Model;
import qmap.ir.Node;
import qmap.ir.Tensor;
import qmap.quant.IntegerAgreement.Figure;
import qmap.quant.integer.RequantMode;

/**
 * A Conv channel with (almost) no weight but a real bias, as batch-norm folding leaves in PP-OCR
 * det and rec: its int32 bias keeps its value (it used to be clamped at -2^31, a wrong bias on
 * which ONNX Runtime's int32 accumulator wrapped to the opposite sign).
 */
class BiasRangeTest {
    @Test
    void deadChannelKeepsItsBiasAndAgreesWithOnnxRuntimeIntegerKernels() {
        Random r = new Random(3);
        float[] x = new float[4 * 6 * 6];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) (r.nextGaussian() * 1.5);
        }
        float[] w = new float[3 * 4];
        for (int i = 0; i < w.length; i++) {
            w[i] = i / 4 == 1 ? (float) (r.nextGaussian() * 1e-7) : (float) (r.nextGaussian() * 0.3);
        }
        Map<String, Tensor> in = Map.of("x", Tensor.ofFloats(new int[] {1, 4, 6, 6}, x));
        Map<String, Tensor> c = new LinkedHashMap<>();
        c.put("w", Tensor.ofFloats(new int[] {3, 4, 1, 1}, w));
        c.put("b", Tensor.ofFloats(new int[] {3}, 0.1f, -0.5f, 0.2f));
        Model m = IntegerKernelsTest.quantize(List.of(Node.builder("Conv").name("conv").inputs("x", "w", "b")
                .outputs("y").attr("kernel_shape", Attribute.ofInts(1, 1)).build()), in, c, "y");

        Tensor qb = m.graph().constants().get("b_quantized");
        Tensor bs = m.graph().constants().get("b_scale");
        Tensor ws = m.graph().constants().get("w_scale");
        for (int ch = 0; ch < 3; ch++) {
            assertTrue(Math.abs(qb.getLong(ch)) <= 1L << 30, "bias " + ch + " = " + qb.getLong(ch));
            double back = qb.getLong(ch) * (double) bs.getDouble(ch);
            assertEquals(c.get("b").getDouble(ch), back, bs.getDouble(ch), "bias " + ch + " dequantized");
        }
        for (int ch : new int[] {0, 2}) {
            float max = 0;
            for (int k = 0; k < 4; k++) {
                max = Math.max(max, Math.abs(w[ch * 4 + k]));
            }
            assertEquals(max / 127f, ws.getDouble(ch), 1e-7 * max, "live channel " + ch + " keeps its scale");
        }

        Set<String> ts = Set.of("y_quantized");
        Map<String, Tensor> ours = IntegerAgreement.ours(IntegerExecutor.of(m, RequantMode.ORT_FLOAT), ts, in);
        Map<String, Tensor> ort = IntegerAgreement.ort(m, ts, in, IntegerAgreement.ORT_INT8);
        Figure f = IntegerAgreement.compareAll(ort, ours, ts).get("all");
        assertTrue(f.maxStep() <= 1 && f.share() >= 0.99, f.toString());
        Tensor y = ours.get("y");
        for (int p = 0; p < 36; p++) {
            assertEquals(-0.5, y.getDouble(36 + p), 0.01, "channel 1 is its bias");
        }
    }
}
