package qmap.debug;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import qmap.calib.Histogram;

/**
 * Everything `qmap debug` found, for the console, the HTML report and the Java API.
 *
 * @param samples       calibration samples the figures were measured on
 * @param outputs       each model output, unfixed
 * @param nodes         one row per quantized node, in graph order
 * @param ranked        the sensitivity entries, most sensitive first
 * @param findings      the culprits with their causes, worst first
 * @param fix           the fix search
 * @param fixYaml       the config lines that apply the fix (empty when no change is needed or found)
 * @param histograms    |x| histograms of the flagged tensors
 * @param fixedConfig   the amended config written by --apply, or null
 */
public record DebugReport(Path config, String march, String method, int samples, double targetCosine,
                          List<OutputFigures> outputs, List<NodeFigures> nodes, List<Sensitivity> ranked,
                          List<Finding> findings, FixSearch.Result fix, List<String> fixYaml,
                          Map<String, TensorHistogram> histograms, Map<String, LutUsage.Table> luts, Path fixedConfig) {

    /** A model output: cosine to float, spread across samples, float and quantized. */
    public record OutputFigures(String name, double cosine, double floatSpread, double quantSpread) {
        public boolean collapsed() {
            return Collapse.isCollapsed(quantSpread, floatSpread);
        }
    }

    /** One node's figures for the table; NaN where not measured. */
    public record NodeFigures(String node, String op, String unit, Sensitivity activations, Sensitivity weights,
                              LocalDiagnosis.NodeLocal local, TensorDistribution output, boolean flagged) {
    }

    /** A culprit and its cause in words. */
    public record Finding(Culprit culprit, String cause) {
    }

    /** A tensor's |x| histogram with its quantization grid, for drawing. */
    public record TensorHistogram(String tensor, String node, String role, Histogram histogram, double threshold,
                                  double scale, Double fixedThreshold) {
    }

    public DebugReport withFixedConfig(Path p) {
        return new DebugReport(config, march, method, samples, targetCosine, outputs, nodes, ranked, findings, fix,
                fixYaml, histograms, luts, p);
    }
}
