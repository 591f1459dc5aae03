package qmap.debug;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import qmap.calib.TensorObserver;
import qmap.ir.Attribute;
import qmap.ir.DType;
import qmap.ir.Graph;
import qmap.ir.Model;
import qmap.ir.Node;
import qmap.ir.Tensor;
import qmap.ir.TensorType;
import qmap.ir.ValueInfo;
import qmap.onnx.OnnxWriter;
import qmap.quant.ActivationQuant;
import qmap.quant.QuantPlan;
import qmap.quant.QuantPlanner;

/**
 * The seed tracker's Exp mechanism in 5 nodes, with a known culprit: x [1,1,1,16] holds 14
 * "interior" values in [-3, -1] and 2 "border" values in [3, 5.6]. out2 = sum(exp(x) * mask) over
 * the interior only; out1 = relu(x) * 0.5. With max calibration, Exp_1's output threshold is set by the border
 * (e^5.6 = 270, scale 2.1): every interior value (0.05 .. 0.37) rounds to 0 and out2 is 0 whatever
 * the input. Quantizing anything else costs little.
 */
final class CollapseModel {
    static final int N = 16;

    private CollapseModel() {
    }

    static Graph graph() {
        float[] mask = new float[N];
        for (int i = 0; i < 14; i++) {
            mask[i] = 1;
        }
        Map<String, TensorType> types = new LinkedHashMap<>();
        for (String v : List.of("x", "e", "m", "out2", "r", "out1")) {
            types.put(v, TensorType.of(DType.FLOAT, 1, 1, 1, v.equals("out2") ? 1 : N));
        }
        return new Graph("collapse", List.of(
                Node.builder("Relu").name("Relu_0").inputs("x").outputs("r").build(),
                Node.builder("Mul").name("Mul_0").inputs("r", "half").outputs("out1").build(),
                Node.builder("Exp").name("Exp_1").inputs("x").outputs("e").build(),
                Node.builder("Mul").name("Mul_2").inputs("e", "mask").outputs("m").build(),
                Node.builder("ReduceSum").name("ReduceSum_3").inputs("m", "axes").outputs("out2")
                        .attr("keepdims", Attribute.ofInt(1)).build()),
                List.of(new ValueInfo("x", types.get("x"))),
                List.of(new ValueInfo("out1", types.get("out1")), new ValueInfo("out2", types.get("out2"))),
                Map.of("mask", Tensor.ofFloats(new int[] {1, 1, 1, N}, mask), "half", Tensor.scalar(0.5f),
                        "axes", Tensor.ofLongs(new int[] {1}, 3L)), types);
    }

    static Tensor sample(int s) {
        float[] x = new float[N];
        for (int i = 0; i < 14; i++) {
            x[i] = (float) (-1 - 2 * (0.5 + 0.5 * Math.sin(1.7 * s)) * (0.6 + 0.1 * (i * 7 % 5)));
        }
        x[14] = (float) (3 + 2.6 * (0.5 + 0.5 * Math.sin(s)));
        x[15] = (float) (3 + 0.3 * s % 2.6);
        return Tensor.ofFloats(new int[] {1, 1, 1, N}, x);
    }

    static List<Map<String, Tensor>> samples(int n) {
        List<Map<String, Tensor>> out = new ArrayList<>();
        for (int s = 0; s < n; s++) {
            out.add(Map.of("x", sample(s)));
        }
        return out;
    }

    /** Max calibration of every tensor over the samples; every node quantized. */
    static QuantPlan maxPlan(Graph g, List<Map<String, Tensor>> samples) {
        Map<String, TensorObserver> obs = observe(g, samples);
        return new QuantPlanner(n -> true, t -> DType.INT8, DType.INT8).plan(g, (t, d) -> obs.containsKey(t)
                ? new ActivationQuant(t, d, obs.get(t).absMax(), "max") : null);
    }

    static Map<String, TensorObserver> observe(Graph g, List<Map<String, Tensor>> samples) {
        QuantSimulator sim = new QuantSimulator(g);
        Map<String, TensorObserver> obs = new LinkedHashMap<>();
        for (Map<String, Tensor> s : samples) {
            sim.run(s, Plans.FLOAT).values().forEach((k, v) -> {
                if (v.dtype() == DType.FLOAT) {
                    obs.computeIfAbsent(k, x -> new TensorObserver()).observe(v);
                }
            });
        }
        return obs;
    }

    /** The model, 8 calibration samples and a generic-int8 config with max calibration in {@code dir}. */
    static Path writeProject(Path dir) throws Exception {
        OnnxWriter.write(new Model(graph(), Map.of("", 13L), "test", "", 8, Map.of()), dir.resolve("collapse.onnx"));
        Files.createDirectories(dir.resolve("cal/x"));
        for (int s = 0; s < 8; s++) {
            float[] v = sample(s).floats();
            ByteBuffer b = ByteBuffer.allocate(4 * v.length).order(ByteOrder.LITTLE_ENDIAN);
            for (float f : v) {
                b.putFloat(f);
            }
            Files.write(dir.resolve(String.format("cal/x/s%02d.bin", s)), b.array());
        }
        Path cfg = dir.resolve("config.yaml");
        Files.writeString(cfg, """
                # a tiny model whose Exp output collapses out2 under max calibration
                model_parameters:
                  onnx_model: 'collapse.onnx'
                  march: 'generic-int8'
                  output_model_file_prefix: 'collapse'
                  working_dir: 'out'
                input_parameters:
                  input_name: 'x'
                  input_type_train: 'featuremap'
                  input_layout_train: 'NCHW'
                  input_shape: '1x1x1x16'
                  input_type_rt: 'featuremap'
                  input_layout_rt: 'NCHW'
                calibration_parameters:
                  cal_data_dir: './cal/x'
                  cal_data_type: 'float32'
                  calibration_type: 'max'
                """);
        return cfg;
    }
}
