package qmap.target;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import qmap.QmapException;

/**
 * Everything qmap assumes about one target (march), read from a YAML profile: activation types,
 * weight and requantization formats, LUT size, the op support table and the cost constants.
 * Built-in profiles live in {@code /qmap/profiles/<name>.yaml}; a user profile may
 * {@code extends:} one of them.
 */
public final class TargetProfile {
    public static final List<String> BUILTIN = List.of("bernoulli2", "bayes", "generic-int8");

    private final String name;
    private final String description;
    private final String npuName;
    private final String source;
    private final List<String> activationDtypes;
    private final WeightQuantization weights;
    private final Requantization requantization;
    private final int lutSize;
    private final boolean int32ToCpu;
    private final OpRule defaultRule;
    private final Map<String, OpRule> ops;
    private final CostConstants cost;
    private final List<String> assumptions;
    private final List<String> yamlTexts;

    TargetProfile(String name, String description, String npuName, String source, List<String> activationDtypes,
                  WeightQuantization weights, Requantization requantization, int lutSize, boolean int32ToCpu, OpRule defaultRule,
                  Map<String, OpRule> ops, CostConstants cost, List<String> assumptions, List<String> yamlTexts) {
        this.name = name;
        this.description = description;
        this.npuName = npuName;
        this.source = source;
        this.activationDtypes = List.copyOf(activationDtypes);
        this.weights = weights;
        this.requantization = requantization;
        this.lutSize = lutSize;
        this.int32ToCpu = int32ToCpu;
        this.defaultRule = defaultRule;
        this.ops = Map.copyOf(ops);
        this.cost = cost;
        this.assumptions = List.copyOf(assumptions);
        this.yamlTexts = List.copyOf(yamlTexts);
    }

    /** A built-in profile by march name; an unknown name is a user error listing the names. */
    public static TargetProfile named(String march) {
        if (!BUILTIN.contains(march)) {
            throw new QmapException("unknown march '" + march + "' (expected one of " + String.join(", ", BUILTIN)
                    + ", or a profile file path)");
        }
        return ProfileReader.builtin(march);
    }

    /** A profile from a YAML file (it may extend a built-in one). */
    public static TargetProfile load(Path file) {
        try {
            return ProfileReader.read(java.nio.file.Files.readString(file), file.toString());
        } catch (IOException e) {
            throw new QmapException("cannot read profile " + file + ": " + e.getMessage(), e);
        }
    }

    /** A profile from YAML text; {@code origin} names it in errors. */
    public static TargetProfile parse(String yaml, String origin) {
        return ProfileReader.read(yaml, origin);
    }

    /** The rule for an op type: its row in the profile, else the profile's default rule. */
    public OpRule rule(String opType) {
        OpRule r = ops.get(opType);
        return r != null ? r : new OpRule(opType, defaultRule.unit(), defaultRule.constraints(),
                defaultRule.optIn(), defaultRule.note());
    }

    /** True when the op type has its own row (rather than the default rule). */
    public boolean lists(String opType) {
        return ops.containsKey(opType);
    }

    public boolean allowsActivation(String dtype) {
        return activationDtypes.contains(dtype);
    }

    public String name() {
        return name;
    }

    public String description() {
        return description;
    }

    /** What the vendor calls the accelerator in messages: BPU, NPU. */
    public String npuName() {
        return npuName;
    }

    /** The documents the op table is taken from. */
    public String source() {
        return source;
    }

    public List<String> activationDtypes() {
        return activationDtypes;
    }

    public WeightQuantization weights() {
        return weights;
    }

    public Requantization requantization() {
        return requantization;
    }

    /** Entries of the look-up table for unary non-linear ops (Exp, Sigmoid, Tanh, ...). */
    public int lutSize() {
        return lutSize;
    }

    /**
     * True when an NPU Conv/ConvTranspose/Gemm/MatMul whose output leaves the NPU (CPU readers only,
     * or a model output) hands over its int32 accumulator, dequantized, instead of requantizing to
     * int8 (profile key {@code npu_output_to_cpu: int32}).
     */
    public boolean int32ToCpu() {
        return int32ToCpu;
    }

    public OpRule defaultRule() {
        return defaultRule;
    }

    public Map<String, OpRule> ops() {
        return ops;
    }

    public CostConstants cost() {
        return cost;
    }

    /** qmap's own decisions where the documentation is silent or ambiguous, for the build log. */
    public List<String> assumptions() {
        return assumptions;
    }

    /** The YAML documents this profile was read from, base profile first (for the package). */
    public List<String> yamlTexts() {
        return yamlTexts;
    }

    @Override
    public String toString() {
        return "TargetProfile[" + name + "]";
    }
}
