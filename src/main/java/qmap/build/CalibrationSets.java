package qmap.build;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import qmap.calib.CalibrationSet;
import qmap.calib.SampleSource;
import qmap.calib.SyntheticSamples;
import qmap.config.CalibrationType;
import qmap.config.Config;
import qmap.config.InputSpec;
import qmap.ir.Tensor;

/**
 * The build's calibration samples, keyed by the value where each enters the model (the
 * training-format tensor after the folded layout and colour conversion).
 */
final class CalibrationSets {
    /** Synthetic samples used by calibration_type 'skip'. */
    static final int SKIP_SAMPLES = 2;

    private CalibrationSets() {
    }

    static SampleSource open(Config cfg, ModelInputs.Resolved inputs, PreprocessFolding.Result pre) {
        SampleSource raw;
        if (cfg.calibration().type() == CalibrationType.SKIP) {
            List<SyntheticSamples.Input> in = new ArrayList<>();
            for (InputSpec s : cfg.inputs()) {
                in.add(new SyntheticSamples.Input(s.name(), s.shape(), s.typeTrain().isImage()));
            }
            raw = new SyntheticSamples(in, SKIP_SAMPLES, cfg.qmap().seed());
        } else {
            List<CalibrationSet.InputData> data = new ArrayList<>();
            for (int i = 0; i < cfg.inputs().size(); i++) {
                InputSpec s = cfg.inputs().get(i);
                data.add(new CalibrationSet.InputData(s.name(), cfg.calibration().dataDirs().get(i),
                        cfg.calibration().dataTypes().get(i), s.shape(), s.typeTrain().toString(),
                        s.layoutTrain().toString()));
            }
            raw = CalibrationSet.open(data, cfg.calibration().preprocessOn());
        }
        Map<String, String> entries = pre.calibrationEntries();
        return new SampleSource() {
            @Override
            public int size() {
                return raw.size();
            }

            @Override
            public Map<String, Tensor> sample(int i) {
                Map<String, Tensor> m = new LinkedHashMap<>();
                raw.sample(i).forEach((k, v) -> m.put(entries.getOrDefault(k, k), v));
                return m;
            }
        };
    }
}
