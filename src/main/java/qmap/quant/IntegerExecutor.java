package qmap.quant;

import qmap.kernels.FastKernels;
import java.util.Map;
import qmap.exec.Executor;
import qmap.exec.TensorListener;
import qmap.ir.Graph;
import qmap.ir.Model;
import qmap.ir.Tensor;
import qmap.ops.OpRegistry;
import qmap.passes.PassPipeline;
import qmap.quant.integer.IntegerFusion;
import qmap.quant.integer.IntegerOps;
import qmap.quant.integer.RequantMode;
import qmap.target.TargetProfile;

/**
 * Runs a quantized (QDQ) model the way the target computes it: the graph is lowered to integer
 * nodes ({@link IntegerLowering}) with the profile's requantization, and run with the integer
 * kernels of {@link IntegerOps} plus the float kernels for what stays in float form. Inputs and
 * outputs keep the model's interface (uint8 images, float feature maps and outputs): the
 * model's own boundary QuantizeLinear / DequantizeLinear nodes convert them. Every integer
 * tensor keeps the name of the QuantizeLinear output it replaces ({@code <tensor>_quantized}
 * in qmap's models), so a {@link TensorListener} can compare it with ONNX Runtime's.
 */
public final class IntegerExecutor implements AutoCloseable {
    private final IntegerLowering.Result lowering;
    private final Executor executor;

    private IntegerExecutor(IntegerLowering.Result lowering, long opset, int threads) {
        this.lowering = lowering;
        OpRegistry ops = FastKernels.registry().withDomain(IntegerOps.DOMAIN, IntegerOps.operators());
        this.executor = new Executor(lowering.graph(), ops, opset, threads, IntegerFusion::plan);
    }

    /** The integer runtime of a quantized model for a target profile. */
    public static IntegerExecutor of(Model quantized, TargetProfile profile) {
        return of(quantized, RequantMode.of(profile.requantization()));
    }

    /** The integer runtime of a quantized model with an explicit requantization. */
    public static IntegerExecutor of(Model quantized, RequantMode mode) {
        return of(quantized, mode, Executor.defaultThreads());
    }

    /** As {@link #of(Model, RequantMode)} on {@code threads} threads (the calling one included). */
    public static IntegerExecutor of(Model quantized, RequantMode mode, int threads) {
        Graph g = PassPipeline.staticShapes().apply(quantized.graph());
        return new IntegerExecutor(new IntegerLowering(mode).lower(g), quantized.defaultOpset(), threads);
    }

    /** The lowered graph: integer nodes, and float nodes where no integer form applies. */
    public Graph graph() {
        return lowering.graph();
    }

    /** What was lowered, and why the rest was not. */
    public IntegerLowering.Result lowering() {
        return lowering;
    }

    /** Ends the executor's helper threads. */
    @Override
    public void close() {
        executor.close();
    }

    public Map<String, Tensor> run(Map<String, Tensor> inputs) {
        return executor.run(inputs);
    }

    public Map<String, Tensor> run(Map<String, Tensor> inputs, TensorListener listener) {
        return executor.run(inputs, listener);
    }

    /** As {@link Executor#recycle}: the caller is done with these outputs of the last run. */
    public void recycle(Map<String, Tensor> outputs) {
        executor.recycle(outputs);
    }
}
