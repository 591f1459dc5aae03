package qmap.ops;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import qmap.ir.Attribute;
import qmap.ir.DType;
import qmap.ir.Node;
import qmap.ir.Tensor;

class NormalizationTest {
    @Test
    void layerNormalizationScalesShiftsAndReportsItsStatistics() {
        // both rows have normalized values [-sqrt(1.5), 0, sqrt(1.5)]
        Tensor x = Tensor.ofFloats(new int[] {2, 3}, 1, 2, 3, 2, 4, 6);
        Tensor scale = Tensor.ofFloats(new int[] {3}, 1, 2, 1);
        Tensor b = Tensor.ofFloats(new int[] {3}, 0, 0, 1);
        Node n = Node.builder("LayerNormalization").name("ln").inputs("x", "s", "b").outputs("y", "mean", "inv")
                .attr("epsilon", Attribute.ofFloat(0)).build();
        Tensor[] out = new LayerNormalization().run(n, new Tensor[] {x, scale, b});
        float r = (float) Math.sqrt(1.5);
        assertArrayEquals(new float[] {-r, 0, r + 1, -r, 0, r + 1}, out[0].floats(), 1e-6f);
        assertArrayEquals(new int[] {2, 1}, out[1].shape());
        assertArrayEquals(new float[] {2, 4}, out[1].floats(), 1e-6f);
        assertArrayEquals(new float[] {r, (float) Math.sqrt(3.0 / 8)}, out[2].floats(), 1e-6f);
    }

    @Test
    void layerNormalizationStatisticsUseTheStashType() {
        Tensor x = Tensor.of(DType.FLOAT16, new int[] {1, 2}, new float[] {1, 3});
        Tensor scale = Tensor.of(DType.FLOAT16, new int[] {2}, new float[] {1, 1});
        Node n = Node.builder("LayerNormalization").name("ln").inputs("x", "s").outputs("y", "mean").build();
        Tensor[] out = new LayerNormalization().run(n, new Tensor[] {x, scale});
        assertEquals(DType.FLOAT16, out[0].dtype());
        assertEquals(DType.FLOAT, out[1].dtype());
    }

    @Test
    void batchNormalizationTrainingUsesBatchStatisticsAndBlendsRunningOnes() {
        // channel values 1 and 3: batch mean 2, population variance 1
        Tensor x = Tensor.ofFloats(new int[] {2, 1}, 1, 3);
        Tensor one = Tensor.ofFloats(new int[] {1}, 1);
        Tensor zero = Tensor.ofFloats(new int[] {1}, 0);
        Node n = Node.builder("BatchNormalization").name("bn").inputs("x", "s", "b", "m", "v")
                .outputs("y", "rm", "rv").attr("training_mode", Attribute.ofInt(1))
                .attr("momentum", Attribute.ofFloat(0.5f)).attr("epsilon", Attribute.ofFloat(0)).build();
        Tensor[] out = new BatchNormalization().run(n, new Tensor[] {x, one, zero, zero, zero});
        assertArrayEquals(new float[] {-1, 1}, out[0].floats(), 1e-6f);
        assertArrayEquals(new float[] {1}, out[1].floats(), 1e-6f);
        assertArrayEquals(new float[] {0.5f}, out[2].floats(), 1e-6f);
    }

    @Test
    void instanceNormalizationNormalizesEachPlane() {
        Tensor x = Tensor.ofFloats(new int[] {1, 1, 2}, 0, 2);
        Node n = Node.builder("InstanceNormalization").name("in").inputs("x", "s", "b").outputs("y")
                .attr("epsilon", Attribute.ofFloat(0)).build();
        Tensor y = new InstanceNormalization().run(n, new Tensor[] {x, Tensor.ofFloats(new int[] {1}, 3),
            Tensor.ofFloats(new int[] {1}, 1)})[0];
        assertArrayEquals(new float[] {-2, 4}, y.floats(), 1e-6f);
    }
}
