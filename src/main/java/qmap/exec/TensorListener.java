package qmap.exec;

import qmap.ir.Node;
import qmap.ir.Tensor;

/** Sees every tensor as it is produced: graph inputs (producer null) and every node output. */
@FunctionalInterface
public interface TensorListener {
    void onTensor(Node producer, String name, Tensor value);

    /** Called after each node runs, with its inputs (null where absent) and outputs; before onTensor. */
    default void onNode(Node node, Tensor[] inputs, Tensor[] outputs) {
    }

    /**
     * Whether the listener may keep a tensor after the call that showed it returns. When it
     * does (the default), the executor never refills the memory of a tensor it showed; a
     * listener that only reads during its calls lets the executor recycle every array, and one
     * that holds a few tensors for a while says so with {@link Executor#retain} / {@link Executor#release}.
     */
    default boolean keepsTensors() {
        return true;
    }

    /**
     * Whether the listener must see every node and tensor of the graph as written (the
     * default). When not, the executor may run fused nodes whose intermediate tensors never
     * exist, and the listener sees those nodes instead (a profiler, for one).
     */
    default boolean needsEveryTensor() {
        return true;
    }
}
