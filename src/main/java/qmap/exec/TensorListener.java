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
}
