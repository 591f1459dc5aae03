package qmap.calib;

import java.util.Map;

/** Calibration samples, loaded on demand: one float32 tensor per input name. */
public interface SampleSource {
    int size();

    Map<String, qmap.ir.Tensor> sample(int i);
}
