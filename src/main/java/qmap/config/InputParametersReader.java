package qmap.config;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Reads {@code input_parameters}: every key is a {@code ;}-list with one item per input_name.
 * input_name may be omitted for a single-input model and input_shape for any model (both are then
 * taken from the model by the build stage).
 */
final class InputParametersReader {
    static final List<String> KEYS = List.of("input_name", "input_type_train", "input_layout_train", "input_shape",
            "input_batch", "input_type_rt", "input_layout_rt", "input_space_and_range", "norm_type", "mean_value",
            "scale_value");
    /** TARGETS.md §1: X3 accepts input_batch up to 128. */
    private static final int BERNOULLI2_MAX_BATCH = 128;

    private InputParametersReader() {
    }

    static List<InputSpec> read(YamlMap g, ReadContext ctx) {
        g.allowOnly(KEYS, "key");
        Value typeTrainValue = g.require("input_type_train");
        List<String> names = names(g, typeTrainValue);
        int n = names.size();
        List<String> typeTrain = typeTrainValue.perInput(n);
        Value layoutTrainValue = g.require("input_layout_train");
        List<String> layoutTrain = layoutTrainValue.perInput(n);
        PerInput shapes = PerInput.of(g, "input_shape", n, ctx);
        PerInput batches = PerInput.of(g, "input_batch", n, ctx);
        PerInput typeRt = PerInput.of(g, "input_type_rt", n, ctx);
        PerInput layoutRt = PerInput.of(g, "input_layout_rt", n, ctx);
        PerInput ranges = PerInput.of(g, "input_space_and_range", n, ctx);
        Normalization norm = new Normalization(g, n, ctx);
        List<InputSpec> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            String of = names.get(i).isEmpty() ? "" : " for input '" + names.get(i) + "'";
            InputType tt = typeTrainValue.choice(typeTrain.get(i), InputType.class, of);
            if (!tt.isTrainingType()) {
                throw typeTrainValue.error("expected a training type (rgb, bgr, gray, yuv444, featuremap)" + of
                        + ", found 'nv12' (nv12 is a runtime type only; set it in input_type_rt)");
            }
            Layout lt = layoutTrainValue.choice(layoutTrain.get(i), Layout.class, of);
            int[] shape = shapes.item(i).map(s -> Shapes.parse(shapes.value(), s, tt, lt, of)).orElse(new int[0]);
            long maxBatch = ctx.march == March.BERNOULLI2 ? BERNOULLI2_MAX_BATCH : Integer.MAX_VALUE;
            int batch = batches.item(i).map(b -> (int) batches.value().integer(b, 1, maxBatch, of)).orElse(1);
            InputType rt = typeRt.item(i).map(t -> typeRt.value().choice(t, InputType.class, of)).orElse(tt);
            if (!tt.runtimeSources().contains(rt)) {
                throw typeRt.value().error("expected a runtime type that can feed a " + tt + "-trained input ("
                        + names(tt.runtimeSources()) + ")" + of + ", found '" + rt + "'");
            }
            Layout lrt = layoutRt.item(i).map(t -> layoutRt.value().choice(t, Layout.class, of))
                    .orElse(rt == InputType.NV12 ? Layout.NHWC : lt);
            if (ctx.march == March.BERNOULLI2 && rt == InputType.YUV444 && lrt == Layout.NCHW) {
                throw layoutRt.error("expected NHWC for runtime type yuv444 on march " + ctx.marchName()
                        + of + ", found NCHW");
            }
            if ((rt == InputType.NV12 || rt == InputType.YUV444) && shape.length == 4) {
                Shapes.requireEvenHeightWidth(shapes.value(), shape, lt, rt, of);
            }
            SpaceAndRange range = ranges.item(i).map(t -> ranges.value().choice(t, SpaceAndRange.class, of))
                    .orElse(SpaceAndRange.REGULAR);
            if (range == SpaceAndRange.BT601_VIDEO && rt != InputType.NV12) {
                throw ranges.value().error("expected regular for runtime type " + rt + of
                        + ", found bt601_video (it applies to nv12 only)");
            }
            int channels = shape.length == 4 ? (lt == Layout.NCHW ? shape[1] : shape[3]) : tt.channels();
            out.add(new InputSpec(names.get(i), tt, lt, shape, batch, rt, lrt, range, norm.type(i),
                    norm.mean(i, channels, of), norm.scale(i, channels, of)));
        }
        return out;
    }

    /** The input names; [""] (one unnamed input) when input_name is omitted. */
    private static List<String> names(YamlMap g, Value typeTrain) {
        Optional<Value> v = g.get("input_name");
        if (v.isEmpty()) {
            int count = ModelParametersReader.names(Optional.of(typeTrain)).size();
            if (count != 1) {
                throw new ConfigException(g.where(), g.qualified("input_name"), "required when there is more than "
                        + "one input (input_type_train has " + count + " values), found no input_name");
            }
            return List.of("");
        }
        List<String> names = ModelParametersReader.names(v);
        Set<String> seen = new HashSet<>();
        for (String name : names) {
            if (!seen.add(name)) {
                throw v.get().error("expected distinct input names, found '" + name + "' twice");
            }
        }
        return names;
    }

    private static String names(Set<InputType> types) {
        List<String> s = new ArrayList<>();
        types.forEach(t -> s.add(t.toString()));
        return String.join(", ", s);
    }
}
