package qmap.quant.integer;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import qmap.ir.DType;
import qmap.ir.Node;
import qmap.ir.Tensor;
import qmap.ops.Operator;
import qmap.ops.Workspace;

/**
 * The tables of one chain: its nodes run on x holding each of its values once (per channel,
 * as a 1 x C x 1 x 256 tensor beside the per-channel operands, when it reads any), in the
 * serial workspace. The operand sizes compare as in a real run (x larger than a per-channel
 * tensor, larger than one value), so each node takes the same arithmetic path.
 */
final class ChainTables {
    private static final int VALUES = ValueTable.SIZE;

    private final List<Node> body;
    private final List<Operator> ops;
    private final Map<String, Tensor> constants;
    private final String x;
    private final DType xType;
    private final List<String> perChannel;
    private final int channels;
    private final ValueTable constant;

    ChainTables(List<Node> body, List<Operator> ops, Map<String, Tensor> constants, String x, DType xType,
                List<String> perChannel, int channels) {
        this.body = List.copyOf(body);
        this.ops = List.copyOf(ops);
        this.constants = Map.copyOf(constants);
        this.x = x;
        this.xType = xType;
        this.perChannel = perChannel;
        this.channels = channels;
        this.constant = perChannel.isEmpty() ? evaluate(new Tensor[0]) : null;
    }

    DType in() {
        return xType;
    }

    /** The table when the chain reads no per-channel tensor, else null. */
    ValueTable constant() {
        return constant;
    }

    /** How many channels have their own table (1: one for all). */
    int channels() {
        return channels;
    }

    /** The tables, for the per-channel tensors of a run. */
    ValueTable evaluate(Tensor[] channelValues) {
        long[] all = new long[channels * VALUES];
        for (int i = 0; i < all.length; i++) {
            all[i] = xType.minValue() + i % VALUES;
        }
        int[] shape = channels == 1 ? new int[] {VALUES} : new int[] {1, channels, 1, VALUES};
        Map<String, Tensor> values = new HashMap<>(constants);
        values.put(x, Tensor.of(xType, shape, all));
        for (int i = 0; i < channelValues.length; i++) {
            values.put(perChannel.get(i), channelValues[i].reshape(new int[] {1, channels, 1, 1}));
        }
        Tensor last = null;
        for (int n = 0; n < body.size(); n++) {
            Node node = body.get(n);
            Tensor[] args = new Tensor[node.inputs().size()];
            for (int k = 0; k < args.length; k++) {
                args[k] = node.input(k).isEmpty() ? null : values.get(node.input(k));
            }
            last = ops.get(n).run(node, args, Workspace.SERIAL)[0];
            values.put(node.output(0), last);
        }
        return new ValueTable(xType, last.dtype(), last.longs().clone());
    }
}
