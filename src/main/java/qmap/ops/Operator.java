package qmap.ops;

import java.util.concurrent.ForkJoinPool;
import qmap.ir.Node;
import qmap.ir.Tensor;
import qmap.ir.TensorType;

/**
 * One ONNX operator in canonical form: type inference and the float reference kernel.
 *
 * <p>Kernels throw {@link IllegalArgumentException} when the node or its inputs break the
 * operator's contract (the executor reports it naming the node); any other exception is a bug.
 */
public interface Operator {
    /**
     * Computes the outputs. {@code in[i]} is null when optional input i is absent. Returns one
     * tensor per node output (null for an unrequested optional output is allowed).
     */
    Tensor[] run(Node node, Tensor[] in);

    /**
     * As {@link #run(Node, Tensor[])}, free to spread the work over {@code pool}'s threads and
     * the calling one ({@code pool} null: the calling thread only). The outputs must be
     * bit-identical whatever the pool's size. Reference kernels ignore the pool.
     */
    default Tensor[] run(Node node, Tensor[] in, ForkJoinPool pool) {
        return run(node, in);
    }

    /**
     * As {@link #run(Node, Tensor[], ForkJoinPool)} with the workspace's pool, taking output
     * arrays from its buffers (which the executor recycles once the outputs are released).
     * Reference kernels allocate their own arrays.
     */
    default Tensor[] run(Node node, Tensor[] in, Workspace workspace) {
        return run(node, in, workspace.pool());
    }

    /**
     * Output types from input types. {@code values[i]} is the input's value when it is a
     * constant, else null. The default evaluates {@link #run} on placeholder inputs when every
     * input is static and small; operators whose output shape depends on input values, or
     * whose inputs can be large, override it.
     */
    default TensorType[] infer(Node node, TensorType[] in, Tensor[] values) {
        return Inference.byEvaluation(this, node, in, values);
    }
}
