package qmap.kernels;

import qmap.ir.DType;
import qmap.ir.Node;
import qmap.ir.Tensor;
import qmap.ir.TensorType;
import qmap.ops.Operator;
import qmap.ops.Workspace;

/**
 * A chain of elementwise nodes run as one {@link ElementwiseProgram}: one pass over memory
 * instead of one per node, with the bits of the nodes run one by one. Inputs: x, then the
 * chain's other varying inputs. Created by {@link Fusion} for execution only.
 */
public final class FusedElementwise implements Operator {
    private final ElementwiseProgram program;
    private final FusedBody body;

    FusedElementwise(ElementwiseProgram program, FusedBody body) {
        this.program = program;
        this.body = body;
    }

    @Override
    public Tensor[] run(Node node, Tensor[] in) {
        return run(node, in, Workspace.SERIAL);
    }

    @Override
    public Tensor[] run(Node node, Tensor[] in, Workspace workspace) {
        Tensor x = in[0];
        Tensor[] others = java.util.Arrays.copyOfRange(in, 1, in.length);
        if (x.dtype() != DType.FLOAT || !program.fits(x.shape(), others)) {
            return new Tensor[] {body.run(node.inputs(), in, workspace)};
        }
        float[][] arrays = new float[in.length][];
        for (int i = 0; i < in.length; i++) {
            arrays[i] = in[i].floats();
        }
        float[] out = workspace.floats(x.size());
        if (program.perChannel()) {
            int channels = x.dim(1);
            int rows = x.dim(0) * channels;
            int length = rows == 0 ? 0 : x.size() / rows;
            Rows.forEach(workspace.pool(), rows, length,
                    (row, from, to) -> program.run(arrays, out, row * length + from, to - from, row % channels));
        } else {
            Rows.forEach(workspace.pool(), 1, out.length, (row, from, to) -> program.run(arrays, out, from, to - from, 0));
        }
        return new Tensor[] {Tensor.of(DType.FLOAT, x.shape(), out)};
    }

    @Override
    public TensorType[] infer(Node node, TensorType[] in, Tensor[] values) {
        throw new UnsupportedOperationException("fused nodes exist only in execution plans");
    }
}
