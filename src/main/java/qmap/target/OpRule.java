package qmap.target;

import java.util.ArrayList;
import java.util.List;

/**
 * What a profile says of one op type: the unit it runs on when supported, the clauses that
 * must all hold for it to stay on the NPU, whether it needs an explicit run_on_npu
 * ({@code opt_in}, e.g. Softmax), and the note taken from the documentation.
 */
public record OpRule(String opType, Unit unit, List<Constraint> constraints, boolean optIn, String note) {

    /** The reasons the node misses this rule (empty when every clause holds). */
    public List<String> violations(NodeFacts facts) {
        List<String> out = new ArrayList<>();
        for (Constraint c : constraints) {
            String v = c.violation(facts);
            if (v != null) {
                out.add(v);
            }
        }
        return out;
    }
}
