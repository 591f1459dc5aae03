package qmap.ops;

import qmap.ir.DType;
import qmap.ir.Node;
import qmap.ir.Tensor;
import qmap.ir.TensorType;

/**
 * What AveragePool and MaxPool share: the window geometry from kernel_shape, strides, dilations,
 * pads or auto_pad and ceil_mode, and type inference (N x C x pooled dims).
 */
abstract class Pooling implements Operator {
    /** The window geometry for input X; kernel_shape is required. */
    static ConvGeometry geometry(Node node, int[] xShape) {
        int[] spatial = ConvGeometry.spatial(xShape);
        int[] kernel = ConvGeometry.kernelShape(node, null, spatial.length);
        return ConvGeometry.forward(node, spatial, kernel, node.attrInt("ceil_mode", 0) != 0);
    }

    /** The dtype of output {@code i} given X's dtype. */
    protected DType outputType(int i, DType x) {
        return x;
    }

    @Override
    public TensorType[] infer(Node node, TensorType[] in, Tensor[] values) {
        TensorType x = in[0];
        DType dtype = x == null ? null : x.dtype();
        int[] dims = null;
        if (x != null && x.hasRank()) {
            dims = ConvGeometry.nchw(x.dims()[0], x.dims()[1], geometry(node, x.dims()).out, x.rank() - 2);
        }
        TensorType[] out = new TensorType[node.outputs().size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = Inference.typed(dtype == null ? null : outputType(i, dtype), dims);
        }
        return out;
    }
}
