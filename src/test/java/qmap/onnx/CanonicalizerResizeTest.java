package qmap.onnx;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import qmap.ir.Attribute;
import qmap.ir.DType;
import qmap.ir.Node;
import qmap.ir.Tensor;

class CanonicalizerResizeTest {
    /** Constants by name; fresh names are the hint itself. */
    private static final class Constants implements Canonicalizer.Context {
        final Map<String, Tensor> values = new HashMap<>();

        public int declaredRank(String value) {
            return -1;
        }

        public DType declaredType(String value) {
            return null;
        }

        public String addConstant(String hint, Tensor value) {
            values.put(hint, value);
            return hint;
        }

        public String freshName(String hint) {
            return hint;
        }

        public Tensor constant(String value) {
            return values.get(value);
        }
    }

    private static List<Node> resize10(float... scales) {
        Constants ctx = new Constants();
        ctx.values.put("s", Tensor.ofFloats(new int[] {scales.length}, scales));
        Node node = Node.builder("Resize").name("r").inputs("x", "s").outputs("y")
                .attr("mode", Attribute.ofString("nearest")).build();
        List<Node> out = Canonicalizer.canonicalize(node, 10, ctx);
        for (Node n : out) {
            assertEquals("asymmetric", n.attrString("coordinate_transformation_mode", ""));
        }
        return out;
    }

    @Test
    void resize10NearestRoundsDownWhenUpsamplingAndUpWhenDownsampling() {
        assertEquals("floor", resize10(1, 1, 2, 2).get(0).attrString("nearest_mode", ""));
        assertEquals("ceil", resize10(1, 1, 0.5f, 0.6f).get(0).attrString("nearest_mode", ""));
    }

    @Test
    void resize10WithMixedScalesBecomesTwoResizes() {
        Constants ctx = new Constants();
        ctx.values.put("s", Tensor.ofFloats(new int[] {2}, 2, 0.6f));
        Node node = Node.builder("Resize").name("r").inputs("x", "s").outputs("y").build();
        List<Node> out = Canonicalizer.canonicalize(node, 10, ctx);
        assertEquals(2, out.size());
        assertEquals("ceil", out.get(0).attrString("nearest_mode", ""));
        assertArrayEquals(new float[] {1, 0.6f}, ctx.values.get(out.get(0).input(2)).floats());
        assertEquals(out.get(0).output(0), out.get(1).input(0));
        assertEquals("floor", out.get(1).attrString("nearest_mode", ""));
        assertArrayEquals(new float[] {2, 1}, ctx.values.get(out.get(1).input(2)).floats());
        assertEquals("y", out.get(1).output(0));
    }
}
