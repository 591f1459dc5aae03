package qmap.passes;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import qmap.QmapException;
import qmap.ir.Graph;
import qmap.ir.Shapes;
import qmap.ir.TensorType;
import qmap.ir.ValueInfo;

/**
 * Gives graph inputs concrete shapes (e.g. PP-OCR's dynamic H and W). Each shape must agree
 * with the declared rank and with every dim the model fixes; {@code what} names the setting in
 * messages (e.g. "--input-shape" or "input_parameters.input_shape").
 */
public final class FixInputShapes implements Pass {
    private final Map<String, int[]> shapes;
    private final String what;

    public FixInputShapes(Map<String, int[]> shapes, String what) {
        this.shapes = shapes;
        this.what = what;
    }

    @Override
    public String name() {
        return "fix-input-shapes";
    }

    @Override
    public Graph apply(Graph g) {
        List<ValueInfo> inputs = new ArrayList<>();
        for (ValueInfo in : g.inputs()) {
            int[] s = shapes.get(in.name());
            if (s == null) {
                inputs.add(in);
                continue;
            }
            TensorType t = in.type();
            if (t.hasRank()) {
                if (t.rank() != s.length) {
                    throw new QmapException(what + " for '" + in.name() + "': got " + Shapes.format(s)
                            + ", but the model declares rank " + t.rank() + " (" + t + ")");
                }
                for (int i = 0; i < s.length; i++) {
                    if (t.dims()[i] >= 0 && t.dims()[i] != s[i]) {
                        throw new QmapException(what + " for '" + in.name() + "': dim " + i + " is " + s[i]
                                + ", but the model fixes it to " + t.dims()[i] + " (" + t + ")");
                    }
                }
            }
            inputs.add(new ValueInfo(in.name(), new TensorType(t.dtype(), s.clone(), null)));
        }
        for (String name : shapes.keySet()) {
            if (g.inputs().stream().noneMatch(i -> i.name().equals(name))) {
                throw new QmapException(what + " given for '" + name + "', which is not a model input; inputs are "
                        + g.inputs().stream().map(ValueInfo::name).toList());
            }
        }
        return g.withInputs(inputs);
    }
}
