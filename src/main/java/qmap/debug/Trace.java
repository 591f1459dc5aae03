package qmap.debug;

import java.util.Collections;
import java.util.Map;
import qmap.quant.QuantPlan;

/**
 * One sample run under one quantization plan: every tensor as the next node read it
 * ({@code values}: after fake quantization where the plan quantizes it), and for the quantized
 * tensors the value before rounding ({@code raw}). A rerun under another plan starts from here.
 */
public record Trace(QuantPlan plan, Map<String, qmap.ir.Tensor> values, Map<String, qmap.ir.Tensor> raw) {
    public Trace {
        values = Collections.unmodifiableMap(values);
        raw = Collections.unmodifiableMap(raw);
    }

    /** The value before this plan's rounding. */
    public qmap.ir.Tensor rawValue(String tensor) {
        qmap.ir.Tensor r = raw.get(tensor);
        return r != null ? r : values.get(tensor);
    }
}
