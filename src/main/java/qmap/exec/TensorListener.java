package qmap.exec;

import qmap.ir.Node;
import qmap.ir.Tensor;

/** Sees every tensor as it is produced: graph inputs (producer null) and every node output. */
@FunctionalInterface
public interface TensorListener {
    void onTensor(Node producer, String name, Tensor value);
}
