package qmap.target;

import java.util.List;
import java.util.function.Function;

/**
 * One named property of a node that a profile rule can constrain, e.g. {@code input_hw}.
 * The value is a Long, Double, Boolean, String or List of Long; {@code details} name other
 * facts printed next to a failed boolean fact so the reason carries the numbers.
 */
record Fact(String name, String label, List<String> details, Function<NodeFacts, Object> compute) {
    static Fact of(String name, String label, Function<NodeFacts, Object> compute) {
        return new Fact(name, label, List.of(), compute);
    }

    static Fact of(String name, String label, List<String> details, Function<NodeFacts, Object> compute) {
        return new Fact(name, label, details, compute);
    }
}
