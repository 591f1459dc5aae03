package qmap.ops;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import qmap.ir.Attribute;
import qmap.ir.DType;
import qmap.ir.Node;
import qmap.ir.Tensor;
import qmap.ir.TensorType;

class PoolingTest {
    private static float[] average(int countIncludePad) {
        Node n = Node.builder("AveragePool").name("p").inputs("x").outputs("y")
                .attr("kernel_shape", Attribute.ofInts(3)).attr("strides", Attribute.ofInts(2))
                .attr("pads", Attribute.ofInts(1, 1)).attr("ceil_mode", Attribute.ofInt(1))
                .attr("count_include_pad", Attribute.ofInt(countIncludePad)).build();
        Tensor x = Tensor.ofFloats(new int[] {1, 1, 4}, 1, 2, 3, 4);
        return new AveragePool().run(n, new Tensor[] {x})[0].floats();
    }

    @Test
    void averageCountsPaddingButNotTheCeilModeOverhang() {
        // windows over [pad 1 2], [2 3 4], [4 pad overhang]
        assertArrayEquals(new float[] {1.5f, 3, 4}, average(0), 1e-6f);
        assertArrayEquals(new float[] {1, 3, 2}, average(1), 1e-6f);
    }

    @Test
    void maxPoolIndicesFollowStorageOrderAndCountEarlierPlanes() {
        // channel 0: [[1 6 2] [5 3 7]]; channel 1 all zeros, so ties keep the first tap
        Tensor x = Tensor.ofFloats(new int[] {1, 2, 2, 3}, 1, 6, 2, 5, 3, 7, 0, 0, 0, 0, 0, 0);
        Node.Builder b = Node.builder("MaxPool").name("p").inputs("x").outputs("y", "i")
                .attr("kernel_shape", Attribute.ofInts(2, 2));
        Tensor[] rowMajor = new MaxPool().run(b.build(), new Tensor[] {x});
        assertArrayEquals(new float[] {6, 7, 0, 0}, rowMajor[0].floats());
        assertArrayEquals(new long[] {1, 5, 6, 7}, rowMajor[1].longs());
        Tensor[] columnMajor = new MaxPool().run(b.attr("storage_order", Attribute.ofInt(1)).build(), new Tensor[] {x});
        assertArrayEquals(new long[] {2, 5, 6, 8}, columnMajor[1].longs());
    }

    @Test
    void maxPoolKeepsIntegerTypes() {
        Tensor x = Tensor.of(DType.UINT8, new int[] {1, 1, 3}, new long[] {7, 255, 3});
        Node n = Node.builder("MaxPool").name("p").inputs("x").outputs("y")
                .attr("kernel_shape", Attribute.ofInts(2)).build();
        Tensor y = new MaxPool().run(n, new Tensor[] {x})[0];
        assertArrayEquals(new long[] {255, 255}, y.longs());
    }

    @Test
    void inferenceGivesPooledDimsAndInt64Indices() {
        Node n = Node.builder("MaxPool").name("p").inputs("x").outputs("y", "i")
                .attr("kernel_shape", Attribute.ofInts(3, 3)).attr("strides", Attribute.ofInts(2, 2))
                .attr("auto_pad", Attribute.ofString("SAME_UPPER")).build();
        TensorType[] t = new MaxPool().infer(n, new TensorType[] {TensorType.of(DType.FLOAT, 1, 16, 320, -1)},
                new Tensor[1]);
        assertArrayEquals(new int[] {1, 16, 160, -1}, t[0].dims());
        assertArrayEquals(new int[] {1, 16, 160, -1}, t[1].dims());
        assertEquals(DType.INT64, t[1].dtype());
        TensorType[] g = new GlobalAveragePool().infer(n, new TensorType[] {TensorType.of(DType.FLOAT, 1, 3, -1, 7)},
                new Tensor[1]);
        assertArrayEquals(new int[] {1, 3, 1, 1}, g[0].dims());
    }
}
