package qmap.build;

import java.util.Map;
import java.util.Set;
import qmap.calib.CalibrationMethod;
import qmap.calib.QuantizationError;
import qmap.calib.TensorObserver;
import qmap.config.TensorOverride;
import qmap.ir.DType;
import qmap.quant.ActivationQuant;
import qmap.quant.QuantPlanner;

/**
 * Activation thresholds from the calibration statistics: one method for every tensor, or per
 * tensor the candidate with the lowest expected quantization error ("mix"); per-tensor config
 * overrides win. Image inputs, whose uint8 pixels the NPU reads exactly, are int8 pixel - 128
 * with scale 1 (Horizon's convention).
 */
public final class ThresholdTable implements QuantPlanner.Thresholds {
    private final Map<String, TensorObserver> observers;
    private final CalibrationMethod method;
    private final CalibrationMethod[] mixCandidates;
    private final Map<String, TensorOverride> overrides;
    private final double maxPercentile;
    private final Set<String> exactImageInputs;

    /**
     * @param method        the method for every tensor, or null for per-tensor choice among mixCandidates
     * @param exactImageInputs tensors holding raw uint8 pixel values
     */
    public ThresholdTable(Map<String, TensorObserver> observers, CalibrationMethod method,
                          CalibrationMethod[] mixCandidates, Map<String, TensorOverride> overrides, double maxPercentile,
                          Set<String> exactImageInputs) {
        this.observers = observers;
        this.method = method;
        this.mixCandidates = mixCandidates;
        this.overrides = overrides;
        this.maxPercentile = maxPercentile;
        this.exactImageInputs = exactImageInputs;
    }

    /** The same table with other per-tensor overrides (qmap debug tries candidate fixes this way). */
    public ThresholdTable withOverrides(Map<String, TensorOverride> newOverrides) {
        return new ThresholdTable(observers, method, mixCandidates, newOverrides, maxPercentile, exactImageInputs);
    }

    /** The same table with another method for every tensor (null: per-tensor choice, "mix"). */
    public ThresholdTable withMethod(CalibrationMethod newMethod) {
        return new ThresholdTable(observers, newMethod, mixCandidates, overrides, maxPercentile, exactImageInputs);
    }

    /** The per-tensor overrides this table honours. */
    public Map<String, TensorOverride> overrides() {
        return overrides;
    }

    /** The method's name as the build log and _nodes.json show it. */
    public String describe() {
        return method != null ? method.name() : "mix";
    }

    @Override
    public ActivationQuant of(String tensor, DType dtype) {
        if (exactImageInputs.contains(tensor)) {
            return new ActivationQuant(tensor, DType.INT8, 255, "image input (pixel - 128, exact)", -128);
        }
        TensorObserver o = observers.get(tensor);
        if (o == null) {
            return null;
        }
        int qmax = dtype == DType.INT16 ? 32767 : 127;
        TensorOverride override = overrides.get(tensor);
        if (override != null) {
            DType d = override.dtype().map(p -> p.toString().equals("int16") ? DType.INT16 : DType.INT8).orElse(dtype);
            int q = d == DType.INT16 ? 32767 : 127;
            CalibrationMethod m = override.calibrationType()
                    .map(t -> CalibrationMethod.named(t.toString(), override.maxPercentile().orElse(maxPercentile)))
                    .orElse(method != null ? method : mixCandidates[0]);
            return new ActivationQuant(tensor, d, m.threshold(o, q), m.name() + " (tensor_overrides)");
        }
        if (method != null) {
            return new ActivationQuant(tensor, dtype, method.threshold(o, qmax), method.name());
        }
        QuantizationError err = new QuantizationError(o);
        CalibrationMethod best = null;
        double bestT = 0;
        double bestErr = Double.POSITIVE_INFINITY;
        for (CalibrationMethod m : mixCandidates) {
            double t = m.threshold(o, qmax);
            double e = err.expectedMse(t, qmax);
            if (e < bestErr) {
                best = m;
                bestT = t;
                bestErr = e;
            }
        }
        return new ActivationQuant(tensor, dtype, bestT, "mix: " + best.name());
    }
}
