package qmap.conformance;

/** The result of one backend test. {@code detail} says why it failed or was skipped. */
public record TestOutcome(String test, Status status, String detail) {
    public enum Status { PASSED, FAILED, SKIPPED }
}
