package qmap.config;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import qmap.ir.DType;

/** Writes a {@link Config} as {@code group.key: value} lines in a fixed order, for the build log. */
final class ConfigListing {
    private final StringBuilder out = new StringBuilder();
    private final Config config;

    private ConfigListing(Config config) {
        this.config = config;
    }

    static String of(Config c) {
        ConfigListing l = new ConfigListing(c);
        l.out.append("# resolved config of ").append(c.file()).append('\n');
        l.model(c.model());
        l.inputs(c.inputs());
        l.calibration(c.calibration());
        CompilerParameters k = c.compiler();
        l.line("compiler_parameters.compile_mode", k.compileMode());
        l.line("compiler_parameters.debug", bool(k.debug()));
        l.line("compiler_parameters.core_num", k.coreNum());
        l.line("compiler_parameters.optimize_level", k.optimizeLevel());
        l.line("compiler_parameters.max_time_per_fc", k.maxTimePerFc());
        l.line("compiler_parameters.jobs", k.jobs());
        l.qmap(c.qmap());
        c.warnings().forEach(w -> l.out.append("# warning: ").append(w).append('\n'));
        return l.out.toString();
    }

    private void model(ModelParameters m) {
        line("model_parameters.onnx_model", m.onnxModel());
        line("model_parameters.march", m.march());
        line("model_parameters.output_model_file_prefix", m.outputPrefix());
        line("model_parameters.working_dir", m.workingDir());
        line("model_parameters.layer_out_dump", bool(m.layerOutDump()));
        line("model_parameters.output_nodes", list(m.outputNodes()));
        line("model_parameters.remove_node_type", list(m.removeNodeTypes()));
        if (m.nodeInfo().isEmpty()) {
            line("model_parameters.node_info", "{}");
        }
        for (NodeInfo n : m.nodeInfo().values()) {
            List<String> parts = new ArrayList<>();
            n.on().ifPresent(p -> parts.add("ON: " + p));
            n.inputType().ifPresent(p -> parts.add("InputType: " + p));
            new TreeMap<>(n.inputTypes()).forEach((k, p) -> parts.add("InputType" + k + ": " + p));
            n.outputType().ifPresent(p -> parts.add("OutputType: " + p));
            line("model_parameters.node_info." + n.node(), "{" + String.join(", ", parts) + "}");
        }
    }

    private void inputs(List<InputSpec> in) {
        perInput("input_name", in, s -> s.hasName() ? s.name() : "(from model)");
        perInput("input_type_train", in, InputSpec::typeTrain);
        perInput("input_layout_train", in, InputSpec::layoutTrain);
        perInput("input_shape", in, s -> s.hasShape() ? shape(s.shape()) : "(from model)");
        perInput("input_batch", in, InputSpec::batch);
        perInput("input_type_rt", in, InputSpec::typeRt);
        perInput("input_layout_rt", in, InputSpec::layoutRt);
        perInput("input_space_and_range", in, InputSpec::spaceAndRange);
        perInput("norm_type", in, InputSpec::normType);
        perInput("mean_value", in, s -> numbers(s.mean()));
        perInput("scale_value", in, s -> numbers(s.scale()));
    }

    private void calibration(CalibrationParameters c) {
        line("calibration_parameters.cal_data_dir", list(c.dataDirs()));
        List<String> types = new ArrayList<>();
        for (DType t : c.dataTypes()) {
            CalibrationParametersReader.DATA_TYPES.forEach((name, d) -> {
                if (d == t) {
                    types.add(name);
                }
            });
        }
        line("calibration_parameters.cal_data_type", list(types));
        line("calibration_parameters.preprocess_on", bool(c.preprocessOn()));
        line("calibration_parameters.calibration_type", c.type());
        line("calibration_parameters.max_percentile", c.maxPercentile());
        line("calibration_parameters.per_channel", bool(c.perChannel()));
        line("calibration_parameters.run_on_cpu", list(c.runOnCpu()));
        line("calibration_parameters.run_on_bpu", list(c.runOnNpu()));
        line("calibration_parameters.optimization", list(c.optimization()));
    }

    private void qmap(QmapParameters q) {
        line("qmap_parameters.threads", q.threads());
        line("qmap_parameters.target_cosine", q.targetCosine());
        line("qmap_parameters.eval_samples", q.evalSamples() == 0 ? "0 (all)" : q.evalSamples());
        line("qmap_parameters.seed", q.seed());
        line("qmap_parameters.bias_correction", bool(q.biasCorrection()));
        if (q.tensorOverrides().isEmpty()) {
            line("qmap_parameters.tensor_overrides", "{}");
        }
        for (TensorOverride t : q.tensorOverrides().values()) {
            List<String> parts = new ArrayList<>();
            t.calibrationType().ifPresent(c -> parts.add("calibration_type: " + c));
            t.maxPercentile().ifPresent(p -> parts.add("max_percentile: " + p));
            t.dtype().ifPresent(d -> parts.add("dtype: " + d));
            line("qmap_parameters.tensor_overrides." + t.tensor(), "{" + String.join(", ", parts) + "}");
        }
    }

    private void perInput(String key, List<InputSpec> in, Function<InputSpec, Object> f) {
        List<String> items = new ArrayList<>();
        in.forEach(s -> items.add(String.valueOf(f.apply(s))));
        boolean allEmpty = items.stream().allMatch(String::isEmpty);
        line("input_parameters." + key, allEmpty ? "''" : list(items));
    }

    private void line(String key, Object value) {
        out.append(key).append(": ").append(value);
        String origin = config.origins().get(key);
        if (origin != null) {
            out.append("  # ").append(origin);
        }
        out.append('\n');
    }

    static String shape(int[] dims) {
        StringBuilder s = new StringBuilder();
        for (int d : dims) {
            s.append(s.length() == 0 ? "" : "x").append(d);
        }
        return s.toString();
    }

    private static String numbers(float[] v) {
        List<String> s = new ArrayList<>();
        for (float x : v) {
            s.add(Float.toString(x));
        }
        return String.join(" ", s);
    }

    private static String list(List<?> items) {
        List<String> s = new ArrayList<>();
        items.forEach(i -> s.add(String.valueOf(i)));
        return items.isEmpty() ? "''" : String.join("; ", s);
    }

    private static String bool(boolean b) {
        return b ? "True" : "False";
    }
}
