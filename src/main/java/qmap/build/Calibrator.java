package qmap.build;

import java.util.LinkedHashMap;
import java.util.Map;
import qmap.calib.SampleSource;
import qmap.calib.TensorObserver;
import qmap.exec.Executor;
import qmap.exec.TensorListener;
import qmap.ir.DType;
import qmap.ir.Node;
import qmap.ir.Tensor;

/**
 * Runs the float model over the calibration samples and keeps streaming statistics of every
 * float tensor (inputs and node outputs): memory does not grow with the number of samples.
 */
public final class Calibrator {
    private Calibrator() {
    }

    public static Map<String, TensorObserver> observe(Executor exec, SampleSource samples, BuildLog log) {
        Map<String, TensorObserver> observers = new LinkedHashMap<>();
        TensorListener listener = new TensorListener() {
            @Override
            public void onTensor(Node producer, String name, Tensor value) {
                if (value.dtype() == DType.FLOAT) {
                    observers.computeIfAbsent(name, k -> new TensorObserver()).observe(value);
                }
            }

            @Override
            public boolean keepsTensors() {
                return false;
            }
        };
        long t0 = System.nanoTime();
        for (int i = 0; i < samples.size(); i++) {
            exec.run(samples.sample(i), listener);
            log.progress(String.format("calibration: sample %d/%d (%.1f s)", i + 1, samples.size(),
                    (System.nanoTime() - t0) / 1e9));
        }
        return observers;
    }
}
