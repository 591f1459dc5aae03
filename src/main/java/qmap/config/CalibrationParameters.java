package qmap.config;

import java.nio.file.Path;
import java.util.List;
import qmap.ir.DType;

/**
 * {@code calibration_parameters}. Lists that hold one item per input follow the order of
 * {@link Config#inputs()}.
 *
 * @param dataDirs       cal_data_dir per input (existing folders); empty with calibration_type skip
 * @param dataTypes      cal_data_type per input (default float32 if the folder name ends in _f32 or
 *                       the input is a featuremap, else uint8)
 * @param preprocessOn   preprocess_on (default False)
 * @param type           calibration_type (default: default)
 * @param maxPercentile  max_percentile in (0, 1] (default 1.0)
 * @param perChannel     per_channel (default False)
 * @param runOnCpu       run_on_cpu node names (default none)
 * @param runOnNpu       run_on_bpu / run_on_npu node names (default none)
 * @param optimization   optimization switches, e.g. set_model_output_int8 (default none)
 */
public record CalibrationParameters(List<Path> dataDirs, List<DType> dataTypes, boolean preprocessOn,
        CalibrationType type, double maxPercentile, boolean perChannel, List<String> runOnCpu,
        List<String> runOnNpu, List<String> optimization) {

    public CalibrationParameters {
        dataDirs = List.copyOf(dataDirs);
        dataTypes = List.copyOf(dataTypes);
        runOnCpu = List.copyOf(runOnCpu);
        runOnNpu = List.copyOf(runOnNpu);
        optimization = List.copyOf(optimization);
    }

    /** Whether calibration reads sample files (every type but skip). */
    public boolean needsData() {
        return type != CalibrationType.SKIP;
    }

    public boolean hasOptimization(String name) {
        return optimization.contains(name);
    }
}
