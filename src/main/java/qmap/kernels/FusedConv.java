package qmap.kernels;

import java.util.Arrays;
import qmap.ir.DType;
import qmap.ir.Node;
import qmap.ir.Tensor;
import qmap.ir.TensorType;
import qmap.ops.Operator;
import qmap.ops.Workspace;

/**
 * A convolution with the elementwise chain that follows it as its epilogue: each finished span
 * of an output channel goes through the {@link ElementwiseProgram} while still in cache, so the
 * chain costs no pass over memory. Inputs: the Conv's, then the chain's other varying inputs.
 * Created by {@link Fusion} for execution only; the bits are those of the nodes run one by one.
 */
public final class FusedConv implements Operator {
    private final Node conv;
    private final FastConv kernel;
    private final ElementwiseProgram program;
    private final FusedBody body;

    FusedConv(Node conv, FastConv kernel, ElementwiseProgram program, FusedBody body) {
        this.conv = conv;
        this.kernel = kernel;
        this.program = program;
        this.body = body;
    }

    @Override
    public Tensor[] run(Node node, Tensor[] in) {
        return run(node, in, Workspace.SERIAL);
    }

    @Override
    public Tensor[] run(Node node, Tensor[] in, Workspace workspace) {
        int convInputs = conv.inputs().size();
        Tensor[] convIn = Arrays.copyOf(in, convInputs);
        Tensor[] others = Arrays.copyOfRange(in, convInputs, in.length);
        if (!FastConv.fits(conv, convIn) || !program.fits(FastConv.outputShape(conv, convIn), others)) {
            return new Tensor[] {body.run(node.inputs(), in, workspace)};
        }
        int[] shape = FastConv.outputShape(conv, convIn);
        float[] y = workspace.floats(shape[0] * shape[1] * shape[2] * shape[3]);
        float[][] arrays = new float[others.length][];
        for (int i = 0; i < others.length; i++) {
            arrays[i] = others[i].floats();
        }
        kernel.convolve(conv, convIn, y, workspace, program.inPlace(y, arrays));
        return new Tensor[] {Tensor.of(DType.FLOAT, shape, y)};
    }

    @Override
    public TensorType[] infer(Node node, TensorType[] in, Tensor[] values) {
        throw new UnsupportedOperationException("fused nodes exist only in execution plans");
    }
}
