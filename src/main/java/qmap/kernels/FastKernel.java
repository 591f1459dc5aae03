package qmap.kernels;

import java.util.concurrent.ForkJoinPool;
import qmap.ir.Node;
import qmap.ir.Tensor;
import qmap.ir.TensorType;
import qmap.ops.Operator;
import qmap.ops.Workspace;

/**
 * A fast kernel standing in for a reference operator: the same type inference, and the cases
 * the kernel does not cover handed to the reference. Every entry point runs
 * {@link #run(Node, Tensor[], Workspace)}.
 */
public abstract class FastKernel implements Operator {
    protected final Operator reference;

    protected FastKernel(Operator reference) {
        this.reference = reference;
    }

    @Override
    public final Tensor[] run(Node node, Tensor[] in) {
        return run(node, in, Workspace.SERIAL);
    }

    @Override
    public final Tensor[] run(Node node, Tensor[] in, ForkJoinPool pool) {
        return run(node, in, Workspace.of(pool));
    }

    @Override
    public abstract Tensor[] run(Node node, Tensor[] in, Workspace workspace);

    @Override
    public TensorType[] infer(Node node, TensorType[] in, Tensor[] values) {
        return reference.infer(node, in, values);
    }
}
