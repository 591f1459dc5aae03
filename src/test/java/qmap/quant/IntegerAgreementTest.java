package qmap.quant;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import qmap.ir.DType;
import qmap.ir.Model;
import qmap.ir.Tensor;
import qmap.io.RawTensors;
import qmap.onnx.OnnxReader;
import qmap.quant.IntegerAgreement.Figure;
import qmap.target.TargetProfile;
import qmap.testing.SharedData;

/**
 * qmap's integer runtime against ONNX Runtime on the same generic-int8 quantized model, real
 * models and inputs: per output and over every intermediate quantized tensor, at least 99% of
 * the integers identical and no difference above one step. ONNX Runtime runs twice: as it
 * comes (on x86 it keeps int8 Conv/MatMul in float between DQ and Q) and with int8 QDQ fusion
 * allowed (QLinearConv, QLinearMatMul: its integer kernels).
 */
class IntegerAgreementTest {
    @TempDir
    Path dir;

    private static void report(String model, String ort, Map<String, Figure> figs, Set<String> outputs) {
        Figure all = figs.get("all");
        System.out.println("[intrt " + model + " vs ORT " + ort + "] " + all);
        Figure worst = null;
        for (Figure f : figs.values()) {
            if (worst == null || f.share() < worst.share()) {
                worst = f;
            }
        }
        System.out.println("[intrt " + model + " vs ORT " + ort + "] worst tensor " + worst);
        for (String o : outputs) {
            System.out.println("[intrt " + model + " vs ORT " + ort + "] output " + figs.get(o));
        }
    }

    private static void check(Map<String, Figure> figs) {
        Figure all = figs.get("all");
        assertTrue(all.share() >= 0.99, all.toString());
        assertTrue(all.maxStep() <= 1, all.toString());
    }

    private void agree(String name, Path quantizedFile, Map<String, Tensor> inputs) {
        Model model = OnnxReader.read(quantizedFile);
        IntegerExecutor intrt = IntegerExecutor.of(model, TargetProfile.named("generic-int8"));
        System.out.println("[intrt " + name + "] lowered " + intrt.lowering().lowered().size() + " nodes; kept float: "
                + intrt.lowering().kept());
        Set<String> tensors = IntegerAgreement.quantizedActivations(model.graph());
        Map<String, Tensor> ours = IntegerAgreement.ours(intrt, tensors, inputs);
        Set<String> outputQ = new java.util.LinkedHashSet<>();
        model.graph().outputs().forEach(o -> outputQ.add(o.name() + "_quantized"));
        for (Map<String, String> config : java.util.List.of(IntegerAgreement.ORT_DEFAULT, IntegerAgreement.ORT_INT8)) {
            Map<String, Tensor> ref = IntegerAgreement.ort(model, tensors, inputs, config);
            Map<String, Figure> figs = IntegerAgreement.compareAll(ref, ours, tensors);
            report(name, config == IntegerAgreement.ORT_DEFAULT ? "default" : "int8 fusion", figs, outputQ);
            if (config == IntegerAgreement.ORT_INT8) {
                check(figs);
                for (String o : outputQ) {
                    Figure f = figs.get(o);
                    assertTrue(f.share() >= 0.99 && f.maxStep() <= 1, f.toString());
                }
            }
        }
    }

    @Test
    void ppocrClsAgreesWithOnnxRuntime() throws Exception {
        assumeTrue(SharedData.available(), "../shared is not present");
        Path q = IntegerAgreement.build(SharedData.root().resolve("ocr-bench/configs/cls.yaml"), dir.resolve("cls"),
                "generic-int8");
        for (int i = 0; i < 2; i++) {
            Path file = SharedData.root().resolve(String.format("ocr-bench/calib/cls_bin/cls_%04d.bin", i));
            Tensor nchw = RawTensors.read(file, DType.UINT8, new int[] {1, 3, 48, 192});
            agree("cls #" + i, q, Map.of("x", IntegerAgreement.nhwc(nchw)));
        }
    }

    @Test
    void seedTrackerAgreesWithOnnxRuntime() throws Exception {
        assumeTrue(SharedData.available(), "../shared is not present");
        Path q = IntegerAgreement.build(SharedData.root().resolve("seed-tracker/config.yaml"), dir.resolve("trk"),
                "generic-int8");
        Path eval = SharedData.root().resolve("seed-tracker/eval");
        for (int i = 0; i < 2; i++) {
            Map<String, Tensor> in = new LinkedHashMap<>();
            in.put("input1", RawTensors.read(eval.resolve(String.format("z_%02d.bin", i)), DType.UINT8,
                    new int[] {1, 127, 127, 3}));
            in.put("input2", RawTensors.read(eval.resolve(String.format("x_%02d.bin", i)), DType.UINT8,
                    new int[] {1, 255, 255, 3}));
            in.put("input3", RawTensors.read(eval.resolve(String.format("b_%02d.bin", i)), DType.FLOAT,
                    new int[] {1, 4, 1, 1}));
            agree("tracker #" + i, q, in);
        }
    }
}
