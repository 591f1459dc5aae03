package qmap.debug;

import java.util.Locale;

/** One change to a config that may repair a culprit; each is expressible as config lines. */
public sealed interface FixAction {
    /** The node this action is for (what two actions must not both change). */
    String node();

    /** The action in words, e.g. "Exp_68 output: max(0.99) threshold 1.73 instead of 285.9". */
    String describe();

    /** Per-tensor calibration (qmap_parameters.tensor_overrides): another method or percentile. */
    record TensorThreshold(String node, String tensor, String role, String calibrationType, double maxPercentile,
                           double threshold, double previousThreshold, double clipped) implements FixAction {
        public boolean hasPercentile() {
            return calibrationType.equals("max") && maxPercentile < 1;
        }

        /**
         * Whether the override must carry max_percentile: every max does, 1.0 included, since an
         * override without it takes the config's max_percentile (0.99996 in the OCR configs) and
         * would not be the threshold this action was measured with.
         */
        public boolean writesPercentile() {
            return calibrationType.equals("max");
        }

        public String methodName() {
            return hasPercentile() ? "max(" + maxPercentile + ")" : calibrationType;
        }

        @Override
        public String describe() {
            return String.format(Locale.ROOT, "%s %s (tensor %s): %s threshold %.4g instead of %.4g (clips %s)", node,
                    role, tensor, methodName(), threshold, previousThreshold, Causes.pct(clipped));
        }
    }

    /** int16 activations for the node (model_parameters.node_info InputType / OutputType). */
    record Int16(String node, boolean inputs, boolean output) implements FixAction {
        @Override
        public String describe() {
            return node + ": int16 " + (inputs && output ? "inputs and output" : inputs ? "inputs" : "output");
        }
    }

    /**
     * Another calibration method for the whole model (calibration_parameters.calibration_type, with
     * max_percentile for max): for when the configured method itself is the problem.
     *
     * @param maxPercentile the max_percentile to write with it, or NaN to leave the config's
     */
    record Method(String calibrationType, double maxPercentile, String previous) implements FixAction {
        public static final String MODEL = "(model)";

        @Override
        public String node() {
            return MODEL;
        }

        /** The name as the build reports it, e.g. max or max(0.99996). */
        public String methodName() {
            return calibrationType.equals("max") && maxPercentile < 1 ? "max(" + maxPercentile + ")" : calibrationType;
        }

        @Override
        public String describe() {
            return "calibration_type " + methodName() + " for every tensor (instead of " + previous + ")";
        }
    }

    /** The node in float on the CPU (calibration_parameters.run_on_cpu). */
    record Cpu(String node) implements FixAction {
        @Override
        public String describe() {
            return node + ": run on the CPU (float)";
        }
    }
}
